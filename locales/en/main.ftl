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
landing-status = This installation is running. Sign-in arrives in the next release.

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
