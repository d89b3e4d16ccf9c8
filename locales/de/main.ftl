# Treffpunkt, Deutsch. Die Schlüssel sind in jeder Sprache gleich (ein Unit-Test prüft das).

app-name = Treffpunkt
app-tagline = Videokonferenzen für die öffentliche Verwaltung, in Minuten geplant.
nav-main = Hauptnavigation
nav-skip = Zum Inhalt springen
footer-text = Treffpunkt plant Konferenzen mit Jitsi Meet. Ihre Daten bleiben auf den Servern Ihrer Stadt.
language-switch = Sprache
language-de = Deutsch
language-en = English

landing-title = Besprechen ohne Umwege
landing-lead = Planen Sie eine Videokonferenz, laden Sie per E-Mail ein, und alle erhalten eine Kalendereinladung mit persönlichem Zugangslink.
landing-feature-invite-title = Einladungen, die ankommen
landing-feature-invite-text = Funktioniert mit Outlook, Thunderbird, Apple Mail und Gmail. Änderungen und Absagen erreichen jeden Kalender.
landing-feature-join-title = Mit einem Klick dabei
landing-feature-join-text = Jede eingeladene Person erhält einen eigenen Link. Niemand betritt einen Raum, zu dem er nicht eingeladen ist.
landing-feature-safe-title = Ihre Daten bleiben bei Ihnen
landing-feature-safe-text = Läuft auf Ihren eigenen Servern, mit der Anmeldung Ihrer Stadt.
landing-status = Melden Sie sich an, um Konferenzen zu planen.

error-title-not_found = Seite nicht gefunden
error-page-title = Etwas ist schiefgegangen
error-back-home = Zur Startseite
error-request-id = Anfrage-ID (bitte bei Rückfragen angeben)
error-validation = Einige Angaben sind nicht gültig.
error-not_found = Diese Seite wurde nicht gefunden. Vielleicht wurde sie entfernt, oder Sie haben keinen Zugriff darauf.
error-rate_limited = Zu viele Versuche. Bitte versuchen Sie es in { $seconds } Sekunden erneut.
error-unauthorized = Bitte melden Sie sich an, um fortzufahren.
error-forbidden = Dafür fehlt Ihnen die Berechtigung. Wenn Sie ein Formular abgeschickt haben, laden Sie die Seite neu und versuchen Sie es noch einmal.
error-unavailable = Der Dienst ist vorübergehend nicht erreichbar. Bitte versuchen Sie es gleich noch einmal.
error-internal = Ein unerwarteter Fehler ist aufgetreten. Er wurde protokolliert; bitte versuchen Sie es später erneut.
error-already_exists = Das gibt es bereits.
error-email_taken = Ein Konto mit dieser E-Mail-Adresse gibt es bereits.

field-required = Dieses Feld ist erforderlich.
field-too_long = Bitte höchstens { $max } Zeichen verwenden.
field-too_short = Bitte mindestens { $min } Zeichen verwenden.
field-email_invalid = Das ist keine gültige E-Mail-Adresse.
field-bidi_controls = Entfernen Sie die Zeichen, die die Schreibrichtung ändern (Bidi-Steuerzeichen).
field-control_characters = Zeilenumbrüche und Steuerzeichen sind hier nicht erlaubt.
field-time_zone_unknown = Diese Zeitzone ist unbekannt; verwenden Sie einen Namen wie Europe/Berlin.
field-language_unknown = Wählen Sie de (Deutsch) oder en (English).

nav-settings = Einstellungen
nav-admin = Verwaltung
nav-sign-in = Anmelden
nav-sign-out = Abmelden

sign-in-title = Anmelden
sign-in-with = Anmelden mit { $provider }
sign-in-or = oder mit Ihrer E-Mail-Adresse
sign-in-submit = Anmelden
sign-in-refused = Die E-Mail-Adresse oder das Passwort ist falsch, oder das Konto kann sich nicht anmelden.
sign-in-sso-failed = Die Anmeldung über Single Sign-On hat nicht funktioniert. Bitte versuchen Sie es erneut.
sign-in-sso-no-account = Für Ihre Single-Sign-On-Identität gibt es hier kein Konto. Bitte wenden Sie sich an die Verwaltung.

field-label-email = E-Mail-Adresse
field-label-password = Passwort
field-label-new-password = Neues Passwort
field-label-password-confirmation = Passwort wiederholen
field-label-current-password = Aktuelles Passwort
field-label-initial-password = Passwort (optional)
field-label-display-name = Name
field-label-language = Sprache
field-label-time-zone = Zeitzone
field-hint-password = Mindestens 12 Zeichen. Einige zusammenhanglose Wörter ergeben ein starkes, merkbares Passwort.
field-hint-initial-password = Leer lassen für Personen, die sich über Single Sign-On anmelden.
field-hint-time-zone = Ein IANA-Name wie Europe/Berlin.
field-password_wrong = Das ist nicht Ihr aktuelles Passwort.
field-passwords_differ = Die beiden Passwörter stimmen nicht überein.

setup-title = Erste Administratorin oder ersten Administrator anlegen
setup-lead = Willkommen bei Treffpunkt. Mit diesem Konto können Sie weitere Personen hinzufügen und die Installation verwalten.
setup-submit = Konto anlegen und anmelden

home-title = Willkommen, { $name }

settings-title = Einstellungen
settings-profile = Profil
settings-signed-in-as = Angemeldet als { $email }
settings-email-unverified = Ihre Adresse ist von Ihrem Anmeldedienst nicht bestätigt; Einladungen an diese Adresse werden hier nicht angezeigt.
settings-password-revoke-tokens = Auch alle meine API-Tokens widerrufen
settings-password-ends-sessions = Eine Passwortänderung meldet Sie auf allen anderen Geräten ab.
settings-sessions = Sitzungen
settings-sessions-lead = Auf einem Gerät angemeldet, das Sie nicht mehr nutzen, oder eines verloren? Melden Sie sich überall ab, auch in diesem Browser.
settings-sign-out-everywhere = Überall abmelden
settings-save = Speichern
settings-saved = Ihre Einstellungen wurden gespeichert.
settings-password = Passwort
settings-password-submit = Passwort ändern
settings-password-changed = Ihr Passwort wurde geändert.
settings-tokens = API-Tokens
settings-tokens-lead = Skripte und andere Programme rufen mit einem Token die JSON-API in Ihrem Namen auf. Senden Sie ihn als „Authorization: Bearer <Token>“.
settings-tokens-none = Sie haben keine API-Tokens.
settings-token-created = Der Token „{ $name }“ wurde erstellt.
settings-token-copy = Kopieren Sie ihn jetzt: Er wird nur dieses eine Mal angezeigt.
settings-token-name = Name des Tokens
settings-token-created-at = Erstellt
settings-token-last-used = Zuletzt benutzt
settings-token-never-used = nie
settings-token-actions = Aktionen
settings-token-revoke = Widerrufen
settings-token-create = Token erstellen
settings-token-revoked = Der Token wurde widerrufen und funktioniert nicht mehr.

admin-users-title = Konten
admin-audit-title = Protokoll
admin-role = Rolle
admin-role-admin = Administration
admin-role-staff = Mitarbeitende
admin-status = Status
admin-status-active = aktiv
admin-status-disabled = gesperrt
admin-disable = Sperren
admin-enable = Entsperren
admin-grant-admin = Zur Administration machen
admin-revoke-admin = Administrationsrolle entziehen
admin-new-user = Konto hinzufügen
admin-make-admin = Administration
admin-create-user = Konto anlegen
admin-user-created = Das Konto wurde angelegt.
admin-user-changed = Das Konto wurde geändert.
admin-audit-when = Wann
admin-audit-action = Was
admin-audit-actor = Wer
admin-audit-target = Konto
admin-audit-ip = Adresse
admin-audit-detail = Detail

audit-setup_completed = Erste Administration angelegt
audit-signed_in = Angemeldet
audit-sign_in_failed = Anmeldung fehlgeschlagen
audit-signed_out = Abgemeldet
audit-user_created = Konto angelegt
audit-user_disabled = Konto gesperrt
audit-user_enabled = Konto entsperrt
audit-admin_granted = Administrationsrolle erteilt
audit-admin_revoked = Administrationsrolle entzogen
audit-password_check_failed = Falsches bisheriges Passwort beim Ändern
audit-password_changed = Passwort geändert
audit-api_token_created = API-Token erstellt
audit-api_token_revoked = API-Token widerrufen
audit-server_added = Jitsi-Server hinzugefügt
audit-server_changed = Jitsi-Server geändert
audit-server_default = Jitsi-Server als Standard gesetzt
audit-server_retired = Jitsi-Server stillgelegt
audit-server_removed = Jitsi-Server entfernt

error-csrf_rejected = Dieses Formular ist abgelaufen oder stammt nicht von dieser Seite. Bitte laden Sie die Seite neu und versuchen Sie es erneut.
error-own_account = Sie können Ihr eigenes Konto nicht sperren und sich die Administrationsrolle nicht selbst entziehen.
field-email_taken = Ein Konto mit dieser E-Mail-Adresse gibt es bereits.
admin-this-is-you = Ihr Konto

error-payload_too_large = Die Anfrage ist zu groß.
error-malformed_json = Der Inhalt der Anfrage ist kein gültiges JSON.
error-unsupported_media_type = Senden Sie den Inhalt der Anfrage als application/json.
error-meeting_cancelled = Diese Besprechung wurde abgesagt und kann nicht mehr geändert werden.
error-too_many_participants = Zu einer Besprechung können höchstens 500 Personen eingeladen werden.
error-participant_exists = Diese Person ist bereits eingeladen.
error-organizer_is_moderator = Wer die Besprechung plant, moderiert sie immer.
error-organizer_cannot_be_removed = Wer die Besprechung plant, kann nicht aus ihr entfernt werden.
error-organizer_not_invited = Wer die Besprechung plant, erhält keine Einladung.
field-control_characters_in_text = Steuerzeichen sind hier nicht erlaubt (Zeilenumbrüche und Tabulatoren schon).
field-role_unknown = Wählen Sie participant (Teilnahme) oder moderator (Moderation).
field-out_of_range = Bitte eine Zahl von { $min } bis { $max } eingeben.
field-server_unknown = Diesen Videoserver gibt es nicht, oder er nimmt keine neuen Besprechungen an.
field-datetime_invalid = Geben Sie Datum und Uhrzeit mit Zeitzonen-Versatz an, etwa 2026-12-01T10:00:00+01:00.
field-date_invalid = Bitte ein Datum eingeben.
field-time_invalid = Bitte eine Uhrzeit wie 09:30 eingeben.
field-end_required = Geben Sie ein Ende oder eine Dauer an.
field-end_twice = Geben Sie entweder ein Ende oder eine Dauer an, nicht beides.
field-ends_before_start = Das Ende muss nach dem Beginn liegen.
field-duration_too_short = Eine Besprechung dauert mindestens { $minutes } Minuten.
field-duration_too_long = Eine Besprechung dauert höchstens { $hours } Stunden.
field-starts_in_past = Der Beginn liegt in der Vergangenheit.
field-too_far_ahead = Bitte höchstens { $years } Jahre im Voraus planen.
field-time_in_gap = { $time } gibt es an diesem Tag in { $zone } nicht: Die Uhren werden vorgestellt. Bitte wählen Sie eine andere Uhrzeit.
field-offset_mismatch = { $offset } ist zu dieser Zeit nicht der Versatz von { $zone } ({ $zone_offset }). Bitte die Zeit in UTC (Z) oder mit dem Versatz der Zeitzone angeben.
field-idempotency_key_invalid = Ein Idempotency-Key besteht aus 1 bis { $max } sichtbaren ASCII-Zeichen, etwa einer UUID.
field-idempotency_key_reused = Dieser Idempotency-Key wurde schon für eine andere Anfrage verwendet. Bitte für eine neue Besprechung einen neuen Schlüssel verwenden.
field-time_ambiguous = { $time } gibt es an diesem Tag in { $zone } zweimal: Die Uhren werden zurückgestellt. Bitte wählen Sie eine andere Uhrzeit.
field-too_many = Höchstens { $max } Einträge.
field-unknown_field = Dieses Feld ist unbekannt.
field-wrong_type = Dieser Wert hat den falschen Typ.
field-addresses_invalid = Das sind keine E-Mail-Adressen: { $addresses }

dashboard-title = Besprechungen
dashboard-lead = Ihre Konferenzen, in Ihrer Zeitzone.
dashboard-organizer = Geplant von { $name }
dashboard-invitees = { $count ->
    [one] 1 eingeladene Person
   *[other] { $count } eingeladene Personen
}
dashboard-today = Heute
dashboard-none-today = Heute keine Besprechungen.
dashboard-upcoming = Demnächst
dashboard-none-upcoming = Noch nichts geplant. Planen Sie eine Besprechung, um Personen einzuladen.
dashboard-past = Vergangen
dashboard-none-past = Keine vergangenen Besprechungen.
dashboard-past-pages = Seiten vergangener Besprechungen
pager-newer = Neuere
pager-older = Ältere
meeting-new = Besprechung planen
meeting-new-title = Besprechung planen
meeting-edit-title = Besprechung ändern
meeting-join = Teilnehmen
meeting-series-badge = Serie
meeting-cancelled-badge = Abgesagt
meeting-field-title = Titel
meeting-field-date = Datum
meeting-field-start = Beginn
meeting-field-end-date = Enddatum
meeting-field-end = Ende
meeting-similar = Ähnliche Besprechung planen
meeting-hint-similar = Wer schon in der früheren Besprechung war, behält Rolle und Sprache; die Auswahl unten gilt für alle, die Sie hinzufügen.
meeting-field-description = Beschreibung oder Tagesordnung
meeting-hint-description = Reiner Text; Webadressen werden zu Links.
meeting-invite-legend = Personen einladen
meeting-field-invitees = E-Mail-Adressen
meeting-hint-invitees = Adressen mit Komma, Semikolon oder Zeilenumbruch trennen. Jede Person erhält eine Kalendereinladung mit persönlichem Link.
meeting-field-role = Rolle
role-participant = Teilnahme
role-moderator = Moderation
meeting-field-mail-language = Sprache der Einladung
meeting-language-automatic = Automatisch (Konto oder meine)
meeting-room-legend = Videoraum
meeting-field-server = Videoserver
meeting-field-lobby = Lobby: Teilnehmende warten, bis eine Moderation sie einlässt
meeting-field-join-minutes = Minuten vor Beginn, ab denen man teilnehmen kann
meeting-save = Speichern und Eingeladene informieren
meeting-create = Planen und Einladungen senden
meeting-back = Zurück
meeting-cancel-title = Besprechung absagen
meeting-already-cancelled = Diese Besprechung ist bereits abgesagt.
meeting-cancel-explain = { $count ->
    [0] Die Besprechung wird als abgesagt markiert.
    [one] Die Besprechung wird als abgesagt markiert, und die eingeladene Person erhält eine Absage für ihren Kalender.
   *[other] Die Besprechung wird als abgesagt markiert, und alle { $count } Eingeladenen erhalten eine Absage für ihren Kalender.
}
meeting-cancel-confirm = Besprechung absagen
meeting-cancel-keep = Nicht absagen
meeting-planned-in = Geplant als { $when }
meeting-is-cancelled = Diese Besprechung wurde abgesagt. Die Eingeladenen sind informiert.
meeting-details = Details
meeting-organizer = Planung
meeting-room = Raum
meeting-your-link = Ihr persönlicher Teilnahme-Link
copy = Kopieren
meeting-edit = Ändern
meeting-cancel = Besprechung absagen
meeting-participants = { $count ->
    [one] 1 eingeladene Person
   *[other] { $count } eingeladene Personen
}
meeting-has-account = Hat ein Konto
meeting-link-of = Teilnahme-Link von { $email }
meeting-role-of = Rolle von { $email }
meeting-role-save = Rolle ändern
meeting-resend = Einladung erneut senden
meeting-remove = Entfernen
meeting-no-participants = Noch niemand eingeladen.
meeting-invite = Einladen
meeting-created = Die Besprechung ist geplant. Die Einladungen sind unterwegs.
meeting-saved = Gespeichert. Eingeladene erhalten eine Aktualisierung, wenn sich Zeit, Titel, Beschreibung oder Server geändert haben.
meeting-cancelled = Die Besprechung ist abgesagt. Die Eingeladenen erhalten eine Absage.
participants-invited = Eingeladen. Die Einladungen sind unterwegs.
participant-role-changed = Die Rolle wurde geändert.
participant-removed = Entfernt. Der Link funktioniert nicht mehr, und die Person erhält eine Absage.
invitation-resent = Die Einladung wird erneut gesendet.
meeting-fact-lobby = Lobby
meeting-lobby-on = An: Teilnehmende warten, bis eine Moderation sie einlässt
meeting-lobby-off = Aus
meeting-fact-join = Teilnahme
meeting-join-opens = ab { $minutes } Minuten vor Beginn

# Joining and Jitsi servers
join-kicker = Videokonferenz
join-organized-by = Organisiert von { $name }
join-cancelled = Diese Besprechung wurde abgesagt.
join-ended = Diese Besprechung ist vorbei.
join-date-cancelled = Der Termin am { $date } ist abgesagt.
join-next-date = Der nächste ist am { $date }.
join-no-server = Für diese Besprechung ist noch kein Videoserver eingerichtet. Bitte geben Sie der Organisatorin oder dem Organisator Bescheid.
join-opens = Der Raum öffnet { $wait }, um { $at }. Diese Seite lädt sich selbst neu.
join-overtime = Die Besprechung war bis { $planned } geplant; Sie können noch bis { $closes } teilnehmen.
join-lobby-waiting = Sie sind im Warteraum. Die Moderation lässt Sie gleich herein.
join-lobby-as = Sie nehmen als { $name } teil. Bitte lassen Sie diese Seite geöffnet.
join-lobby-reloads = Diese Seite lädt sich alle paar Sekunden selbst neu.
join-declined = Die Moderation hat Sie nicht in diese Besprechung gelassen. Wenden Sie sich an die Organisation, wenn Sie das für einen Irrtum halten.
wait-minutes = { $count ->
    [one] in einer Minute
   *[other] in { $count } Minuten
}
wait-hours = in { $count } Stunden
wait-days = in { $count } Tagen
join-name = Ihr Name in der Besprechung
join-name-hint = Diesen Namen sehen die anderen.
join-as-moderator = Sie nehmen als Moderator oder Moderatorin teil.
join-submit = An der Besprechung teilnehmen
error-no_server = Für diese Besprechung ist noch kein Videoserver eingerichtet. Bitte geben Sie der Organisatorin oder dem Organisator Bescheid.
error-server_in_use = Besprechungen nutzen diesen Server; legen Sie ihn still, statt ihn zu entfernen.
error-server_retired = Dieser Server ist stillgelegt und nimmt keine neuen Besprechungen an.
field-token_mode_unknown = Wählen Sie keins, gemeinsames Geheimnis oder RSA-Schlüssel.
field-algorithm_unknown = Wählen Sie HS256, HS384 oder HS512.
field-moderator_claim_unknown = Wählen Sie context, top level oder beides.
field-feature_value = Verwenden Sie true oder false für { $feature }.
field-feature_unknown = { $feature } ist keine Funktion; bekannt sind { $known }.
field-one_word = Bitte ein Wort ohne Leerzeichen.
field-server_url_invalid = Geben Sie die Adresse des Servers an, etwa https://meet.example.org (optional mit Mandantenpfad).
field-minutes_range = Bitte eine Minutenzahl von { $min } bis { $max } angeben.
field-secret_too_short = Verwenden Sie mindestens { $min } zufällige Zeichen (so viele Bytes, wie der Hash hat: 32, 48 oder 64).
field-server_url_one_tenant = Jitsi kennt eine Mandantenebene: geben Sie https://host oder https://host/mandant an, keinen längeren Pfad.
field-jaas_needs_rsa = 8x8 JaaS nimmt nur RS256-Tokens an: wählen Sie einen privaten Schlüssel (RSA).
field-jaas_kid_tenant = Bei 8x8 JaaS beginnt die Schlüssel-ID mit dem Mandanten und einem Schrägstrich, in gleicher Schreibung: { $tenant }/…
field-jaas_features_required = 8x8 JaaS gewährt nur die Funktionen, die ein Token nennt: führen Sie sie auf, etwa recording, livestreaming=false.
field-private_key_invalid = Das ist kein privater RSA-Schlüssel im PEM-Format.
field-server_name_taken = Ein anderer Server hat diesen Namen.
meeting-new-link = Neuer Link
meeting-new-link-done = Der alte Link funktioniert nicht mehr; der neue wurde verschickt.
admin-servers-title = Jitsi-Server
server-field-name = Name
server-field-url = Adresse
server-hint-url = Etwa https://meet.example.org, oder https://8x8.vc/<Mandant> mit Mandant.
server-field-token-mode = Raum-Token
server-mode-none = Keins (öffentlicher Server, einfache Raumlinks)
server-mode-shared_secret = Gemeinsames Geheimnis (HS256/384/512)
server-mode-rsa = RSA-Schlüssel (RS256, auch 8x8 JaaS)
server-field-app-id = App-ID (iss)
server-field-algorithm = Algorithmus (gemeinsames Geheimnis)
server-field-secret = Gemeinsames Geheimnis
server-hint-secret = Mindestens 32 zufällige Zeichen. Wird verschlüsselt gespeichert und nie wieder angezeigt.
server-hint-keep-secret = Leer lassen, um das gespeicherte zu behalten. Es wird nie wieder angezeigt.
server-field-key-id = Schlüssel-ID (kid, RSA)
server-field-private-key = Privater Schlüssel (PEM, RSA)
server-hint-private-key = Wird verschlüsselt gespeichert und nie wieder angezeigt.
server-advanced = Weitere Einstellungen
server-field-audience = Audience (aud)
server-field-subject = Subject (sub)
server-hint-subject = Die Domain, der Mandant oder *. Leer: Mandant oder Host der Adresse.
server-field-moderator-claim = Moderatoren-Claim
server-claim-context = context.user.moderator und affiliation
server-claim-top_level = moderator auf oberster Ebene
server-claim-both = beides
server-field-features = Funktionen (context.features)
server-hint-features = Etwa recording, livestreaming=false. Leer: nicht im Token.
server-field-margin = Minuten, die ein Token nach dem Ende gültig bleibt
server-field-lobby-claims = Lobby-Angaben für die Lobby-Plugins von jitsi-contrib
server-hint-lobby-claims = Nur für Prosody mit token_lobby_autostart / token_lobby_bypass: Tokens tragen dann context.room.lobby_autostart (die Lobby-Einstellung der Besprechung) und lobby_bypass für Moderation und aus dem Warteraum Hereingelassene. Der eigene Warteraum von Treffpunkt funktioniert auch ohne.
server-meetings = Besprechungen
server-default = Standard
server-retired = stillgelegt
server-edit = Ändern
server-edit-title = Jitsi-Server ändern
server-save = Speichern
server-make-default = Als Standard
server-retire = Stilllegen
server-remove = Entfernen
server-add = Server hinzufügen
server-none-yet = Noch kein Jitsi-Server. Fügen Sie einen hinzu, damit Besprechungen einen Raum bekommen.
server-added = Der Server wurde hinzugefügt.
server-saved = Der Server wurde gespeichert.
server-retired-notice = Der Server wurde stillgelegt; seine Besprechungen laufen dort weiter.
server-removed = Der Server wurde entfernt.

## Administration: Postausgang
admin-outbox-title = Postausgang
outbox-state-pending = Wartend
outbox-state-sent = Versandt
outbox-state-failed = Fehlgeschlagen
outbox-state-skipped = Nicht nötig
outbox-state-discarded = Verworfen
outbox-failed-heading = Fehlgeschlagene Mails
outbox-kind = Mail
outbox-recipient = An
outbox-attempts = Versuche
outbox-error = Letzter Fehler
outbox-failed-at = Fehlgeschlagen am
outbox-actions = Aktionen
outbox-retry = Erneut senden
outbox-discard = Verwerfen
outbox-no-failures = Keine Mail ist fehlgeschlagen.
outbox-retried = Die Mail wird gleich erneut versandt.
outbox-discarded = Die Mail wurde verworfen.
outbox-not-failed = Diese Mail ist nicht mehr unter den fehlgeschlagenen.
outbox-kind-invitation = Einladung
outbox-kind-update = Änderung
outbox-kind-cancellation = Absage
outbox-kind-uninvitation = Ausladung
outbox-kind-reminder = Erinnerung
meeting-download-ics = In meinen Kalender (.ics)

# Mail: the join button, and the line before the link in calendar descriptions.
mail-join-label = Zur Videokonferenz
mail-join-line = Ihr persönlicher Zugangslink

# Rooms on servers without tokens.
join-open-room = Dieser Videoserver prüft nicht, wer eintritt: Wer den Namen des Raums kennt, kann teilnehmen.
server-open-room-note = Ohne Tokens kann jede Person einen Raum betreten, die seinen Namen kennt; Treffpunkts Links und Zugangszeiten leiten dann nur.
meeting-open-room = Der Videoserver dieser Besprechung prüft nicht, wer eintritt: Wer den Namen des Raums kennt, kann teilnehmen. Nachdem Sie jemanden entfernt haben, verlegen Sie die Besprechung in einen neuen Raum; alle weiterhin Eingeladenen erhalten eine Aktualisierung, und ihre Links führen in den neuen Raum.
meeting-new-room = Neuer Raum
meeting-new-room-done = Die Besprechung ist in einen neuen Raum umgezogen. Alle Eingeladenen erhalten eine Aktualisierung.

# A mail the server refused for good, beside the person on the meeting page.
meeting-undelivered = Konnte nicht zugestellt werden: { $error }

# The waiting room (moderators)
lobby-title = Warteraum
lobby-hint = Lassen Sie diese Seite neben der Besprechung geöffnet: Wer hinein möchte, erscheint hier.
lobby-open-compact = Neben der Besprechung öffnen
lobby-nobody = Niemand wartet.
lobby-since = wartet seit { $time }
lobby-admit = Hereinlassen
lobby-decline = Ablehnen
lobby-admit-all = Alle { $count } hereinlassen
lobby-decline-all = Alle ablehnen
lobby-admitted = Hereingelassen. Die Person kommt jetzt in den Raum.
lobby-declined = Abgelehnt. Die Person erfährt, dass sie nicht hereingelassen wurde.

# Serien (wiederkehrende Besprechungen)
field-recurrence_frequency = „{ $value }“ ist keine Wiederholung, die wir anbieten: wählen Sie täglich, wöchentlich, monatlich oder jährlich.
field-recurrence_frequency_missing = Geben Sie an, wie oft sich die Besprechung wiederholt (täglich, wöchentlich, monatlich oder jährlich).
field-recurrence_interval = Der Abstand muss eine ganze Zahl von 1 bis { $max } sein.
field-recurrence_weekday = „{ $value }“ ist kein Wochentag: verwenden Sie mo, tu, we, th, fr, sa oder su.
field-recurrence_monthly_only = Ein Tag des Monats oder „der n-te Wochentag“ passt nur zu einer monatlichen Serie.
field-recurrence_month_day = Der Tag des Monats muss 1 bis 31 sein, oder -1 für den letzten Tag.
field-recurrence_set_position = „Der n-te Wochentag“ muss 1 bis 4 sein, oder -1 für den letzten.
field-recurrence_monthly_choice = Eine monatliche Serie wiederholt sich entweder an einem Tag des Monats oder an einem Wochentag des Monats („der 2. Dienstag“), nicht an beidem.
field-recurrence_yearly_plain = Eine jährliche Serie wiederholt sich am Datum ihres ersten Termins; Wochentage oder Monatstage sind nicht wählbar.
field-recurrence_count_zero = Eine Serie braucht mindestens einen Termin.
field-recurrence_too_many = Eine Serie darf höchstens { $max } Termine haben.
field-recurrence_until_and_count = Beenden Sie die Serie entweder an einem Datum oder nach einer Anzahl von Terminen, nicht beides.
field-recurrence_until_invalid = Das Enddatum muss ein Datum wie 2027-06-30 sein.
field-recurrence_until_before_start = Die Serie kann nicht vor ihrem ersten Termin enden.
field-recurrence_until_too_far = Eine Serie darf höchstens { $years } Jahre laufen.
field-recurrence_start_not_in_rule = Der erste Termin muss auf einen der Tage der Serie fallen.
field-recurrence_part_unsupported = Der Regelteil { $part } wird hier nicht unterstützt; verwenden Sie FREQ, INTERVAL, BYDAY, BYMONTHDAY, BYSETPOS, UNTIL oder COUNT.
field-recurrence_rrule_syntax = „{ $part }“ ist kein Regelteil der Form NAME=Wert.
field-recurrence_rrule_value = „{ $part }“ hat einen ungültigen Wert.
field-recurrence_rrule_or_fields = Geben Sie entweder eine rrule oder die einzelnen Felder an, nicht beides.
error-occurrence_cancelled = Dieser Termin der Serie wurde abgesagt und kann nicht mehr geändert werden.
