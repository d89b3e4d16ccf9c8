# Treffpunkt, English. Keys are the same in every language (a unit test checks).

app-name = Treffpunkt
app-tagline = Video conferences for public administrations, planned in minutes.
nav-main = Main navigation
nav-skip = Skip to content
footer-text = Treffpunkt schedules Jitsi Meet conferences. Your data stays on your city's servers.
language-switch = Language
language-de = Deutsch
language-en = English

landing-title = Meet without the hassle
landing-lead = Plan a video conference, invite people by e-mail, and everyone gets a calendar invitation with a personal join link.
landing-feature-invite-title = Invitations that land
landing-feature-invite-text = Works with Outlook, Thunderbird, Apple Mail and Gmail. Changes and cancellations update every calendar.
landing-feature-join-title = One click to join
landing-feature-join-text = Each invitee gets a personal link. Nobody enters a room they were not invited to.
landing-feature-safe-title = Your data stays yours
landing-feature-safe-text = Runs on your own servers, with your city's single sign-on.
landing-status = Sign in to plan conferences.

error-title-not_found = Page not found
error-page-title = Something went wrong
error-back-home = Back to the start page
error-request-id = Request ID (please quote it when you report this)
error-validation = Some of the information you entered is not valid.
error-not_found = We could not find this page. It may have been removed, or you may not have access to it.
error-rate_limited = Too many attempts. Please try again in { $seconds } seconds.
error-unauthorized = Please sign in to continue.
error-forbidden = You are not allowed to do this. If you sent a form, reload the page and try again.
error-unavailable = The service is temporarily unavailable. Please try again in a moment.
error-internal = An unexpected error occurred. It has been logged; please try again later.
error-already_exists = This already exists.
error-email_taken = An account with this e-mail address already exists.

field-required = This field is required.
field-too_long = Please use at most { $max } characters.
field-too_short = Please use at least { $min } characters.
field-email_invalid = This is not a valid e-mail address.
field-control_characters = Line breaks and control characters are not allowed here.
field-time_zone_unknown = This is not a known time zone; use a name such as Europe/Berlin.
field-language_unknown = Choose de (Deutsch) or en (English).

nav-settings = Settings
nav-admin = Administration
nav-sign-in = Sign in
nav-sign-out = Sign out

sign-in-title = Sign in
sign-in-with = Sign in with { $provider }
sign-in-or = or with your e-mail address
sign-in-submit = Sign in
sign-in-refused = The e-mail address or the password is wrong, or the account cannot sign in.
sign-in-sso-failed = Signing in through single sign-on did not work. Please try again.
sign-in-sso-no-account = There is no account here for your single sign-on identity. Please ask an administrator.

field-label-email = E-mail address
field-label-password = Password
field-label-new-password = New password
field-label-password-confirmation = Repeat the password
field-label-current-password = Current password
field-label-initial-password = Password (optional)
field-label-display-name = Name
field-label-language = Language
field-label-time-zone = Time zone
field-hint-password = At least 12 characters. A few unrelated words make a strong, memorable password.
field-hint-initial-password = Leave empty for people who sign in through single sign-on.
field-hint-time-zone = An IANA name such as Europe/Berlin.
field-password_wrong = This is not your current password.
field-passwords_differ = The two passwords are not the same.

setup-title = Create the first administrator
setup-lead = Welcome to Treffpunkt. This account can add more people and manage the installation.
setup-submit = Create account and sign in

home-title = Welcome, { $name }
home-lead = Planning conferences arrives in the next release. Until then you can set up your account.
home-settings-text = Your name, language, time zone, password and API tokens.
home-admin-text = Accounts and the audit log.

settings-title = Settings
settings-profile = Profile
settings-signed-in-as = Signed in as { $email }
settings-save = Save
settings-saved = Your settings have been saved.
settings-password = Password
settings-password-submit = Change password
settings-password-changed = Your password has been changed.
settings-tokens = API tokens
settings-tokens-lead = Scripts and other programs use a token to call the JSON API as you. Send it as "Authorization: Bearer <token>".
settings-tokens-none = You have no API tokens.
settings-token-created = The token "{ $name }" has been created.
settings-token-copy = Copy it now: it is shown only this once.
settings-token-name = Name of the token
settings-token-created-at = Created
settings-token-last-used = Last used
settings-token-never-used = never
settings-token-actions = Actions
settings-token-revoke = Revoke
settings-token-create = Create token
settings-token-revoked = The token has been revoked and no longer works.

admin-users-title = Accounts
admin-audit-title = Audit log
admin-role = Role
admin-role-admin = Administrator
admin-role-staff = Staff
admin-status = Status
admin-status-active = active
admin-status-disabled = disabled
admin-disable = Disable
admin-enable = Enable
admin-grant-admin = Make administrator
admin-revoke-admin = Remove administrator role
admin-new-user = Add an account
admin-make-admin = Administrator
admin-create-user = Create account
admin-user-created = The account has been created.
admin-user-changed = The account has been changed.
admin-audit-when = When
admin-audit-action = What
admin-audit-actor = Who
admin-audit-target = Account
admin-audit-ip = Address
admin-audit-detail = Detail

audit-setup_completed = First administrator created
audit-signed_in = Signed in
audit-sign_in_failed = Sign-in failed
audit-signed_out = Signed out
audit-user_created = Account created
audit-user_disabled = Account disabled
audit-user_enabled = Account enabled
audit-admin_granted = Administrator role granted
audit-admin_revoked = Administrator role removed
audit-password_changed = Password changed
audit-api_token_created = API token created
audit-api_token_revoked = API token revoked

error-csrf_rejected = This form has expired or did not come from this site. Please reload the page and try again.
error-own_account = You cannot disable your own account or remove your own administrator role.
field-email_taken = An account with this e-mail address already exists.
admin-this-is-you = your account
