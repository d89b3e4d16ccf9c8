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
landing-status = Diese Installation läuft. Die Anmeldung folgt in der nächsten Version.

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
field-control_characters = Zeilenumbrüche und Steuerzeichen sind hier nicht erlaubt.
field-time_zone_unknown = Diese Zeitzone ist unbekannt; verwenden Sie einen Namen wie Europe/Berlin.
field-language_unknown = Wählen Sie de (Deutsch) oder en (English).
