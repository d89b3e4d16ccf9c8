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
field-bidi_controls = Remove the characters that change the direction of the text (bidi controls).
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

settings-title = Settings
settings-profile = Profile
settings-signed-in-as = Signed in as { $email }
settings-email-unverified = Your address is not verified by your sign-in provider; invitations to it are not shown here.
settings-password-revoke-tokens = Also revoke all my API tokens
settings-password-ends-sessions = Changing the password signs you out on every other device.
settings-sessions = Sessions
settings-sessions-lead = Signed in on a device you no longer use, or lost one? Sign out everywhere, this browser included.
settings-sign-out-everywhere = Sign out everywhere
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
audit-password_check_failed = Wrong current password when changing it
audit-api_token_created = API token created
audit-api_token_revoked = API token revoked
audit-server_added = Jitsi server added
audit-server_changed = Jitsi server changed
audit-server_default = Jitsi server made the default
audit-server_retired = Jitsi server retired
audit-server_removed = Jitsi server removed

error-csrf_rejected = This form has expired or did not come from this site. Please reload the page and try again.
error-own_account = You cannot disable your own account or remove your own administrator role.
field-email_taken = An account with this e-mail address already exists.
admin-this-is-you = your account

error-payload_too_large = The request is too large.
error-malformed_json = The request body is not valid JSON.
error-unsupported_media_type = Send the request body as application/json.
error-meeting_cancelled = This meeting was cancelled and can no longer be changed.
error-too_many_participants = A meeting can invite at most 500 people.
error-participant_exists = This person is already invited.
error-organizer_is_moderator = The organizer is always a moderator.
error-organizer_cannot_be_removed = The organizer cannot be removed from their own meeting.
error-organizer_not_invited = The organizer receives no invitation.
field-control_characters_in_text = Control characters are not allowed here (line breaks and tabs are fine).
field-role_unknown = Choose participant or moderator.
field-out_of_range = Please enter a number from { $min } to { $max }.
field-server_unknown = This video server does not exist or takes no new meetings.
field-datetime_invalid = Give a date and time with offset, such as 2026-12-01T10:00:00+01:00.
field-date_invalid = Please enter a date.
field-time_invalid = Please enter a time such as 09:30.
field-end_required = Give an end or a duration.
field-end_twice = Give either an end or a duration, not both.
field-ends_before_start = The end must be after the start.
field-duration_too_short = A meeting lasts at least { $minutes } minutes.
field-duration_too_long = A meeting lasts at most { $hours } hours.
field-starts_in_past = The start is in the past.
field-too_far_ahead = Please plan at most { $years } years ahead.
field-time_in_gap = { $time } does not exist on this day in { $zone }: the clocks go forward. Please choose another time.
field-offset_mismatch = { $offset } is not the offset of { $zone } at that time ({ $zone_offset }). Send the time in UTC (Z) or with the zone's own offset.
field-idempotency_key_invalid = An Idempotency-Key is 1 to { $max } visible ASCII characters, such as a UUID.
field-idempotency_key_reused = This Idempotency-Key was already used for a different request. Use a new key for a new meeting.
field-time_ambiguous = { $time } occurs twice on this day in { $zone }: the clocks go back. Please choose another time.
field-too_many = At most { $max } entries.
field-unknown_field = This field is unknown.
field-wrong_type = This value has the wrong type.
field-addresses_invalid = These are not e-mail addresses: { $addresses }

dashboard-title = Meetings
dashboard-lead = Your conferences, in your time zone.
dashboard-organizer = Organized by { $name }
dashboard-invitees = { $count ->
    [one] 1 invitee
   *[other] { $count } invitees
}
dashboard-today = Today
dashboard-none-today = No meetings today.
dashboard-upcoming = Upcoming
dashboard-none-upcoming = Nothing planned yet. Plan a meeting to invite people.
dashboard-past = Past
dashboard-none-past = No past meetings.
dashboard-past-pages = Pages of past meetings
pager-newer = Newer
pager-older = Older
meeting-new = Plan a meeting
meeting-new-title = Plan a meeting
meeting-edit-title = Change the meeting
meeting-join = Join
meeting-series-badge = Series
meeting-cancelled-badge = Cancelled
meeting-field-title = Title
meeting-field-date = Date
meeting-field-start = Start
meeting-field-end-date = End date
meeting-field-end = End
meeting-similar = Plan a similar meeting
meeting-hint-similar = People who were on the earlier meeting keep their role and mail language; the choice below applies to anyone you add.
meeting-field-description = Description or agenda
meeting-hint-description = Plain text; web addresses become links.
meeting-invite-legend = Invite people
meeting-field-invitees = E-mail addresses
meeting-hint-invitees = Separate addresses with commas, semicolons or new lines. Each person receives a calendar invitation with a personal link.
meeting-field-role = Role
role-participant = Participant
role-moderator = Moderator
meeting-field-mail-language = Language of the invitation
meeting-language-automatic = Automatic (account or mine)
meeting-room-legend = Video room
meeting-field-server = Video server
meeting-field-lobby = Lobby: participants wait until a moderator admits them
meeting-field-join-minutes = Minutes before the start people may join
meeting-save = Save and inform invitees
meeting-create = Plan and send invitations
meeting-back = Back
meeting-cancel-title = Cancel the meeting
meeting-already-cancelled = This meeting is already cancelled.
meeting-cancel-explain = { $count ->
    [0] The meeting will be marked as cancelled.
    [one] The meeting will be marked as cancelled and the invitee receives a cancellation for their calendar.
   *[other] The meeting will be marked as cancelled and all { $count } invitees receive a cancellation for their calendars.
}
meeting-cancel-confirm = Cancel the meeting
meeting-cancel-keep = Keep it
meeting-planned-in = Planned as { $when }
meeting-is-cancelled = This meeting was cancelled. The invitees have been told.
meeting-details = Details
meeting-organizer = Organizer
meeting-room = Room
meeting-your-link = Your personal join link
copy = Copy
meeting-edit = Change
meeting-cancel = Cancel meeting
meeting-participants = { $count ->
    [one] 1 invitee
   *[other] { $count } invitees
}
meeting-has-account = Has an account
meeting-link-of = Join link of { $email }
meeting-role-of = Role of { $email }
meeting-role-save = Change role
meeting-resend = Send invitation again
meeting-remove = Remove
meeting-no-participants = Nobody is invited yet.
meeting-invite = Invite
meeting-created = The meeting is planned. Invitations are on their way.
meeting-saved = Saved. Invitees receive an update if the time, title, description or server changed.
meeting-cancelled = The meeting is cancelled. Invitees receive a cancellation.
participants-invited = Invited. Invitations are on their way.
participant-role-changed = The role was changed.
participant-removed = Removed. Their link no longer works, and they receive a cancellation.
invitation-resent = The invitation is sent again.
meeting-fact-lobby = Lobby
meeting-lobby-on = On: participants wait until a moderator admits them
meeting-lobby-off = Off
meeting-fact-join = Joining
meeting-join-opens = from { $minutes } minutes before the start

# Joining and Jitsi servers
join-kicker = Video conference
join-organized-by = Organized by { $name }
join-cancelled = This meeting was cancelled.
join-ended = This meeting has ended.
join-date-cancelled = The meeting on { $date } is cancelled.
join-next-date = The next one is { $date }.
join-no-server = No video server is configured for this meeting yet. Please tell the organizer.
join-opens = The room opens { $wait }, at { $at }. This page reloads by itself.
join-overtime = The meeting was planned until { $planned }; you can still join until { $closes }.
join-lobby-waiting = You are in the waiting room. The moderator will let you in shortly.
join-lobby-as = You will join as { $name }. Please keep this page open.
join-lobby-reloads = This page reloads by itself every few seconds.
join-declined = The moderator did not let you into this meeting. Please contact the organizer if you think this is a mistake.
wait-minutes = { $count ->
    [one] in one minute
   *[other] in { $count } minutes
}
wait-hours = in { $count } hours
wait-days = in { $count } days
join-name = Your name in the meeting
join-name-hint = The others see this name.
join-as-moderator = You join as a moderator.
join-submit = Join the meeting
error-no_server = No video server is configured for this meeting yet. Please tell the organizer.
error-server_in_use = Meetings use this server; retire it instead of removing it.
error-server_retired = This server is retired; it takes no new meetings.
field-token_mode_unknown = Choose none, shared secret or RSA key.
field-algorithm_unknown = Choose HS256, HS384 or HS512.
field-moderator_claim_unknown = Choose context, top level or both.
field-feature_value = Use true or false for { $feature }.
field-feature_unknown = { $feature } is not a feature; known are { $known }.
field-one_word = One word without spaces, please.
field-server_url_invalid = Give the server's address, such as https://meet.example.org (optionally with a tenant path).
field-minutes_range = Please enter a number of minutes from { $min } to { $max }.
field-secret_too_short = Use at least { $min } random characters (as many bytes as the hash has: 32, 48 or 64).
field-server_url_one_tenant = Jitsi knows one tenant level: give https://host or https://host/tenant, not a longer path.
field-jaas_needs_rsa = 8x8 JaaS accepts RS256 tokens only: choose a private key (RSA).
field-jaas_kid_tenant = For 8x8 JaaS the key id starts with the tenant and a slash, in the same case: { $tenant }/…
field-jaas_features_required = 8x8 JaaS grants only the features a token names: list them, such as recording, livestreaming=false.
field-private_key_invalid = This is not an RSA private key in PEM format.
field-server_name_taken = Another server has this name.
meeting-new-link = New link
meeting-new-link-done = The old link no longer works; the new one was sent.
admin-servers-title = Jitsi servers
server-field-name = Name
server-field-url = Address
server-hint-url = Such as https://meet.example.org, or https://8x8.vc/<tenant> with a tenant.
server-field-token-mode = Room tokens
server-mode-none = None (public server, plain room links)
server-mode-shared_secret = Shared secret (HS256/384/512)
server-mode-rsa = RSA key (RS256, also 8x8 JaaS)
server-field-app-id = App ID (iss)
server-field-algorithm = Algorithm (shared secret)
server-field-secret = Shared secret
server-hint-secret = At least 32 random characters. Stored encrypted and never shown again.
server-hint-keep-secret = Leave empty to keep the stored one. It is never shown again.
server-field-key-id = Key ID (kid, RSA)
server-field-private-key = Private key (PEM, RSA)
server-hint-private-key = Stored encrypted and never shown again.
server-advanced = More settings
server-field-audience = Audience (aud)
server-field-subject = Subject (sub)
server-hint-subject = The domain, the tenant, or *. Empty: the tenant or host of the address.
server-field-moderator-claim = Moderator claim
server-claim-context = context.user.moderator and affiliation
server-claim-top_level = top-level moderator
server-claim-both = both
server-field-features = Features (context.features)
server-hint-features = Such as recording, livestreaming=false. Empty: not in the token.
server-field-margin = Minutes a token stays valid after the meeting ends
server-field-lobby-claims = Lobby claims for the jitsi-contrib lobby plugins
server-hint-lobby-claims = Only for Prosody with token_lobby_autostart / token_lobby_bypass: tokens then carry context.room.lobby_autostart (the meeting's lobby setting) and lobby_bypass for moderators and people let in from the waiting room. Treffpunkt's own waiting room works without it.
server-meetings = Meetings
server-default = default
server-retired = retired
server-edit = Change
server-edit-title = Change the Jitsi server
server-save = Save
server-make-default = Make default
server-retire = Retire
server-remove = Remove
server-add = Add a server
server-none-yet = No Jitsi server yet. Add one so meetings get a room.
server-added = The server was added.
server-saved = The server was saved.
server-retired-notice = The server was retired; its meetings keep running there.
server-removed = The server was removed.

## Administration: mail outbox
admin-outbox-title = Mail outbox
outbox-state-pending = Waiting
outbox-state-sent = Sent
outbox-state-failed = Failed
outbox-state-skipped = Not needed
outbox-state-discarded = Discarded
outbox-failed-heading = Failed mails
outbox-kind = Mail
outbox-recipient = To
outbox-attempts = Attempts
outbox-error = Last error
outbox-failed-at = Failed at
outbox-actions = Actions
outbox-retry = Try again
outbox-discard = Discard
outbox-no-failures = No mail has failed.
outbox-retried = The mail will be sent again shortly.
outbox-discarded = The mail was discarded.
outbox-not-failed = That mail is no longer among the failed ones.
outbox-kind-invitation = Invitation
outbox-kind-update = Update
outbox-kind-cancellation = Cancellation
outbox-kind-uninvitation = Removal notice
outbox-kind-reminder = Reminder
meeting-download-ics = Add to my calendar (.ics)

# Mail: the join button, and the line before the link in calendar descriptions.
mail-join-label = Join the video conference
mail-join-line = Your personal join link

# Rooms on servers without tokens.
join-open-room = This video server does not check who enters: anyone who learns the room's name can join.
server-open-room-note = Without tokens, anyone who learns a room's name can enter it; Treffpunkt's links and join window then only guide people.
meeting-open-room = This meeting's video server does not check who enters: anyone who knows the room's name can join. After removing someone, move the meeting to a new room; everyone still invited gets an update, and their links lead to the new room.
meeting-new-room = New room
meeting-new-room-done = The meeting has moved to a new room. Everyone invited gets an update.

# A mail the server refused for good, beside the person on the meeting page.
meeting-undelivered = Could not be delivered: { $error }

# The waiting room (moderators)
lobby-title = Waiting room
lobby-hint = Keep this page open beside the meeting: whoever asks to be let in shows up here.
lobby-open-compact = Open beside the meeting
lobby-nobody = Nobody is waiting.
lobby-since = waiting since { $time }
lobby-admit = Let in
lobby-decline = Decline
lobby-admit-all = Let all { $count } in
lobby-decline-all = Decline all
lobby-admitted = Let in. They go into the room now.
lobby-declined = Declined. They are told they were not let in.

# Series (recurring meetings)
field-recurrence_frequency = “{ $value }” is no repetition we offer: choose daily, weekly, monthly or yearly.
field-recurrence_frequency_missing = Say how often the meeting repeats (daily, weekly, monthly or yearly).
field-recurrence_interval = The interval must be a whole number from 1 to { $max }.
field-recurrence_weekday = “{ $value }” is no weekday: use mo, tu, we, th, fr, sa or su.
field-recurrence_monthly_only = A day of the month or “the n-th weekday” fits only a monthly series.
field-recurrence_month_day = The day of the month must be 1 to 31, or -1 for the last day.
field-recurrence_set_position = “The n-th weekday” must be 1 to 4, or -1 for the last.
field-recurrence_monthly_choice = A monthly series repeats either on a day of the month or on one weekday of the month (“the 2nd Tuesday”), not both.
field-recurrence_yearly_plain = A yearly series repeats on the date of its first meeting; weekdays or days of the month cannot be chosen.
field-recurrence_count_zero = A series needs at least one meeting.
field-recurrence_too_many = A series may hold at most { $max } meetings.
field-recurrence_until_and_count = End the series either on a date or after a number of meetings, not both.
field-recurrence_until_invalid = The end date must be a date such as 2027-06-30.
field-recurrence_until_before_start = The series cannot end before its first meeting.
field-recurrence_until_too_far = A series may run at most { $years } years.
field-recurrence_start_not_in_rule = The first meeting must fall on one of the series’ days.
field-recurrence_part_unsupported = The rule part { $part } is not supported here; use FREQ, INTERVAL, BYDAY, BYMONTHDAY, BYSETPOS, UNTIL or COUNT.
field-recurrence_rrule_syntax = “{ $part }” is not a rule part of the form NAME=value.
field-recurrence_rrule_value = “{ $part }” has a value that is not valid.
field-recurrence_rrule_or_fields = Give either an rrule or the separate fields, not both.
error-occurrence_cancelled = This date of the series was cancelled and can no longer be changed.
