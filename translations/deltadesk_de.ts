<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../ui/aboutdialog.cpp" line="+14"/>
        <source>About DeltaDesk</source>
        <translation>Über DeltaDesk</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&lt;h3&gt;DeltaDesk %1&lt;/h3&gt;&lt;p&gt;Keeps the events, users, clients, roles and tariffs of your business on this computer and up to date as they change on the server.&lt;/p&gt;&lt;p&gt;%2&lt;/p&gt;&lt;p&gt;Data folder: %3&lt;/p&gt;&lt;p&gt;Built with Qt %4.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;DeltaDesk %1&lt;/h3&gt;&lt;p&gt;Hält die Veranstaltungen, Benutzer, Kunden, Rollen und Tarife Ihres Unternehmens auf diesem Computer vor und aktualisiert sie, sobald sie sich auf dem Server ändern.&lt;/p&gt;&lt;p&gt;%2&lt;/p&gt;&lt;p&gt;Datenordner: %3&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %4.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>ApiJob</name>
    <message>
        <location filename="../sync/apijob.cpp" line="+95"/>
        <source>The request was cancelled.</source>
        <translation>Die Anfrage wurde abgebrochen.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The server did not answer within %1 seconds.</source>
        <translation>Der Server hat nicht innerhalb von %1 Sekunden geantwortet.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>The server sent a corrupt compressed response.</source>
        <translation>Der Server hat eine beschädigte komprimierte Antwort gesendet.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Network error: %1</source>
        <translation>Netzwerkfehler: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The compressed response was cut short.</source>
        <translation>Die komprimierte Antwort ist unvollständig.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The server sent data that is not valid JSON (%1).</source>
        <translation>Der Server hat Daten gesendet, die kein gültiges JSON sind (%1).</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The server answered %1 %2.</source>
        <translation>Der Server hat mit %1 %2 geantwortet.</translation>
    </message>
</context>
<context>
    <name>CacheStore</name>
    <message>
        <location filename="../sync/cachestore.cpp" line="+68"/>
        <source>The cache is not open</source>
        <translation>Der Zwischenspeicher ist nicht geöffnet</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Cannot open the cache %1: %2</source>
        <translation>Der Zwischenspeicher %1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <location line="+230"/>
        <source>A document of %1 has no _id</source>
        <translation>Ein Dokument aus %1 hat keine _id</translation>
    </message>
    <message>
        <location line="+122"/>
        <location line="+37"/>
        <location line="+38"/>
        <location line="+18"/>
        <location line="+18"/>
        <source>Unknown collection %1</source>
        <translation>Unbekannte Sammlung %1</translation>
    </message>
</context>
<context>
    <name>CollectionColumns</name>
    <message>
        <location filename="../ui/collectioncolumns.cpp" line="+30"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>End</source>
        <translation>Ende</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Location</source>
        <translation>Ort</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Client</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tariff</source>
        <translation>Tarif</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+4"/>
        <location line="+5"/>
        <location line="+3"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="-11"/>
        <location line="+5"/>
        <source>Email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Company</source>
        <translation>Firma</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Permissions</source>
        <translation>Berechtigungen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Currency</source>
        <translation>Währung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Events</source>
        <translation>Veranstaltungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Users</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clients</source>
        <translation>Kunden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Roles</source>
        <translation>Rollen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tariffs</source>
        <translation>Tarife</translation>
    </message>
</context>
<context>
    <name>CollectionTab</name>
    <message>
        <location filename="../ui/collectiontab.cpp" line="+40"/>
        <source>Filter (Ctrl+F)</source>
        <translation>Filtern (Strg+F)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Filter</source>
        <translation>Filter</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../ui/conflictdialog.cpp" line="+24"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>End</source>
        <translation>Ende</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Location</source>
        <translation>Ort</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Client</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tariff</source>
        <translation>Tarif</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Line items</source>
        <translation>Positionen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Staffing</source>
        <translation>Personal</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Resolve changes</source>
        <translation>Änderungen zusammenführen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This event was changed on the server at %1 while you edited it. Choose, field by field, which value to keep.</source>
        <translation>Diese Veranstaltung wurde um %1 auf dem Server geändert, während Sie sie bearbeitet haben. Wählen Sie für jedes Feld, welcher Wert gelten soll.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 changed this event on the server at %2 while you edited it. Choose, field by field, which value to keep.</source>
        <translation>%1 hat diese Veranstaltung um %2 auf dem Server geändert, während Sie sie bearbeitet haben. Wählen Sie für jedes Feld, welcher Wert gelten soll.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mine</source>
        <translation>Meine Fassung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Theirs</source>
        <translation>Server-Fassung</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>&amp;Save merged</source>
        <translation>Zusammengeführt &amp;speichern</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Keep mine: %1</source>
        <translation>Meinen Wert behalten: %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Take theirs: %1</source>
        <translation>Server-Wert übernehmen: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(none)</source>
        <translation>(keine Angabe)</translation>
    </message>
    <message numerus="yes">
        <location line="+40"/>
        <source>%n item(s), total %1</source>
        <translation>
            <numerusform>%n Position, Summe %1</numerusform>
            <numerusform>%n Positionen, Summe %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%n person(s), %1 hours</source>
        <translation>
            <numerusform>%n Person, %1 Stunden</numerusform>
            <numerusform>%n Personen, %1 Stunden</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CsvExportJob</name>
    <message>
        <location filename="../ui/csvexportjob.cpp" line="+106"/>
        <source>The table was closed.</source>
        <translation>Die Tabelle wurde geschlossen.</translation>
    </message>
</context>
<context>
    <name>DeltaFetcher</name>
    <message>
        <location filename="../sync/deltafetcher.cpp" line="+144"/>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+64"/>
        <location line="+43"/>
        <location line="+25"/>
        <source>The cache cannot store %1: %2</source>
        <translation>Der Zwischenspeicher kann %1 nicht speichern: %2</translation>
    </message>
    <message>
        <location line="-48"/>
        <source>The server sent invalid data for %1: %2.</source>
        <translation>Der Server hat ungültige Daten für %1 gesendet: %2.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The server&apos;s database was restored or replaced: full resync.</source>
        <translation>Die Datenbank des Servers wurde wiederhergestellt oder ersetzt: vollständige Neusynchronisierung.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The server&apos;s paging for %1 does not advance.</source>
        <translation>Das seitenweise Abrufen von %1 kommt auf dem Server nicht voran.</translation>
    </message>
</context>
<context>
    <name>DesktopCommandLine</name>
    <message>
        <location filename="../app/desktopcommandline.cpp" line="+7"/>
        <source>Server URL to log in to.</source>
        <translation>URL des Servers, bei dem angemeldet wird.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User name to log in with.</source>
        <translation>Benutzername für die Anmeldung.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>File holding the password (first line).</source>
        <translation>Datei mit dem Passwort (erste Zeile).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Folder for settings.ini and cache.sqlite (default: %1).</source>
        <translation>Ordner für settings.ini und cache.sqlite (Standard: %1).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Where to keep the token: auto (keychain, else file) or file.</source>
        <translation>Ablage des Tokens: auto (Schlüsselbund, sonst Datei) oder file (Datei).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Once live, save screenshots to this folder and quit.</source>
        <translation>Sobald synchronisiert, Bildschirmfotos in diesem Ordner speichern und beenden.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>DeltaDesk keeps a live local copy of the events, users, clients, roles and tariffs of a DeltaDesk server.
The login token (never the password) is kept in the system keychain when one is available, otherwise in settings.ini in the state dir, readable by the owner only; the about box says which one is in use.</source>
        <translation>DeltaDesk hält eine laufend aktualisierte lokale Kopie der Veranstaltungen, Benutzer, Kunden, Rollen und Tarife eines DeltaDesk-Servers vor.
Das Anmelde-Token (nie das Passwort) wird im Schlüsselbund des Systems gespeichert, sofern einer verfügbar ist, sonst in settings.ini im Statusordner, nur für den Eigentümer lesbar; der Dialog „Über DeltaDesk“ zeigt, welche Ablage verwendet wird.</translation>
    </message>
</context>
<context>
    <name>DesktopSession</name>
    <message>
        <location filename="../app/desktopsession.cpp" line="+77"/>
        <source>Cannot open the cache: %1</source>
        <translation>Der Zwischenspeicher kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Cannot create the data folder %1.</source>
        <translation>Der Datenordner %1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Your session has ended. Log in again to keep syncing.</source>
        <translation>Ihre Sitzung wurde beendet. Melden Sie sich erneut an, um weiter zu synchronisieren.</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Login failed: %1</source>
        <translation>Anmeldung fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>Diagnostics</name>
    <message>
        <location filename="../ui/diagnostics.cpp" line="+12"/>
        <source>(none)</source>
        <translation>(keine Angabe)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>DeltaDesk %1 (Qt %2, %3)</source>
        <translation>DeltaDesk %1 (Qt %2, %3)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Server: %1</source>
        <translation>Server: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User: %1</source>
        <translation>Benutzer: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State: %1</source>
        <translation>Status: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last error: %1</source>
        <translation>Letzter Fehler: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Newest data: %1</source>
        <translation>Neueste Daten: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>never synced</source>
        <translation>nie synchronisiert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data folder: %1</source>
        <translation>Datenordner: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Token: %1</source>
        <translation>Token: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copied: %1</source>
        <translation>Kopiert: %1</translation>
    </message>
</context>
<context>
    <name>EventDeleter</name>
    <message>
        <location filename="../ui/eventdeleter.cpp" line="+63"/>
        <source>(untitled)</source>
        <translation>(ohne Titel)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Delete event</source>
        <translation>Veranstaltung löschen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete %1?</source>
        <translation>%1 löschen?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete Event</source>
        <translation>Veranstaltung löschen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete events</source>
        <translation>Veranstaltungen löschen</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Delete %n events?</source>
        <translation>
            <numerusform>%n Veranstaltung löschen?</numerusform>
            <numerusform>%n Veranstaltungen löschen?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>and %n more</source>
        <translation>
            <numerusform>und %n weitere</numerusform>
            <numerusform>und %n weitere</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Delete %n Events</source>
        <translation>
            <numerusform>%n Veranstaltung löschen</numerusform>
            <numerusform>%n Veranstaltungen löschen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+40"/>
        <source>%1 not deleted: someone changed it meanwhile</source>
        <translation>%1 nicht gelöscht: Die Veranstaltung wurde inzwischen geändert</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 not deleted: someone else deleted it already</source>
        <translation>%1 nicht gelöscht: Die Veranstaltung wurde bereits von jemand anderem gelöscht</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 not deleted: %2</source>
        <translation>%1 nicht gelöscht: %2</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Event deleted.</source>
        <translation>Veranstaltung gelöscht.</translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>%n events deleted.</source>
        <translation>
            <numerusform>%n Veranstaltung gelöscht.</numerusform>
            <numerusform>%n Veranstaltungen gelöscht.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Event not deleted</source>
        <translation>Veranstaltung nicht gelöscht</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not all events deleted</source>
        <translation>Nicht alle Veranstaltungen gelöscht</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <location line="+13"/>
        <source>%n deleted</source>
        <translation>
            <numerusform>%n gelöscht</numerusform>
            <numerusform>%n gelöscht</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-10"/>
        <source>%n more not deleted</source>
        <translation>
            <numerusform>%n weitere nicht gelöscht</numerusform>
            <numerusform>%n weitere nicht gelöscht</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Check the new version and try again.</source>
        <translation>Prüfen Sie die neue Fassung und versuchen Sie es erneut.</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n not deleted</source>
        <translation>
            <numerusform>%n nicht gelöscht</numerusform>
            <numerusform>%n nicht gelöscht</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EventDetailsPane</name>
    <message>
        <location filename="../ui/eventdetailspane.cpp" line="+103"/>
        <source>Edit…</source>
        <translation>Bearbeiten…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Qty</source>
        <translation>Menge</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Unit price</source>
        <translation>Einzelpreis</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+265"/>
        <location line="+25"/>
        <source>Total</source>
        <translation>Summe</translation>
    </message>
    <message>
        <location line="-287"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Hours</source>
        <translation>Stunden</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Client</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Line items</source>
        <translation>Positionen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Staffing</source>
        <translation>Personal</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Event details</source>
        <translation>Veranstaltungsdetails</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+11"/>
        <source>No event selected</source>
        <translation>Keine Veranstaltung ausgewählt</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>The event cannot be read from the local copy: %1</source>
        <translation>Die Veranstaltung kann nicht aus der lokalen Kopie gelesen werden: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This event was deleted.</source>
        <translation>Diese Veranstaltung wurde gelöscht.</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Starts:</source>
        <translation>Beginn:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ends:</source>
        <translation>Ende:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Location:</source>
        <translation>Ort:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No tariff</source>
        <translation>Kein Tarif</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Tariff:</source>
        <translation>Tarif:</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Updated:</source>
        <translation>Aktualisiert:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (version %2)</source>
        <translation>%1 (Version %2)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No client</source>
        <translation>Kein Kunde</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Client %1 is not in the local copy.</source>
        <translation>Kunde %1 ist nicht in der lokalen Kopie.</translation>
    </message>
    <message>
        <location line="+101"/>
        <source>Edit this event (Ctrl+E)</source>
        <translation>Diese Veranstaltung bearbeiten (Strg+E)</translation>
    </message>
</context>
<context>
    <name>EventEditorDialog</name>
    <message>
        <location filename="../ui/eventeditordialog.cpp" line="+56"/>
        <source>No tariff</source>
        <translation>Kein Tarif</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Review…</source>
        <translation>Prü&amp;fen…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Draft</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Confirmed</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled</source>
        <translation>Abgesagt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a client…</source>
        <translation>Kunden auswählen…</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Start:</source>
        <translation>&amp;Beginn:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;End:</source>
        <translation>&amp;Ende:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Location:</source>
        <translation>&amp;Ort:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Client:</source>
        <translation>&amp;Kunde:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>St&amp;atus:</source>
        <translation>Stat&amp;us:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>T&amp;ariff:</source>
        <translation>Ta&amp;rif:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Notes:</source>
        <translation>&amp;Notizen:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;vent</source>
        <translation>&amp;Veranstaltung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>L&amp;ine items</source>
        <translation>Pos&amp;itionen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sta&amp;ffing</source>
        <translation>&amp;Personal</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>New event</source>
        <translation>Neue Veranstaltung</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Edit event</source>
        <translation>Veranstaltung bearbeiten</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>The title is empty.</source>
        <translation>Der Titel ist leer.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The end must be after the start.</source>
        <translation>Das Ende muss nach dem Beginn liegen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a client.</source>
        <translation>Wählen Sie einen Kunden aus.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a tariff from the list, or &quot;No tariff&quot;.</source>
        <translation>Wählen Sie einen Tarif aus der Liste oder „Kein Tarif“.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Every staffing row needs a person.</source>
        <translation>Jede Personalzeile braucht eine Person.</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Discard changes?</source>
        <translation>Änderungen verwerfen?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This event has changes that are not saved.</source>
        <translation>Diese Veranstaltung hat nicht gespeicherte Änderungen.</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Choose a client</source>
        <translation>Kunden auswählen</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The server refused the event: %1</source>
        <translation>Der Server hat die Veranstaltung abgelehnt: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Could not save: %1</source>
        <translation>Speichern nicht möglich: %1</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Loaded the server&apos;s version.</source>
        <translation>Die Fassung des Servers wurde geladen.</translation>
    </message>
    <message>
        <location line="+87"/>
        <source>This event was deleted on the server. Saving will fail; close the editor, or copy what you need first.</source>
        <translation>Diese Veranstaltung wurde auf dem Server gelöscht. Speichern wird fehlschlagen; schließen Sie den Editor, oder kopieren Sie zuvor, was Sie benötigen.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>This event was changed on the server at %1.</source>
        <translation>Diese Veranstaltung wurde um %1 auf dem Server geändert.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This event was changed on the server by %1 at %2.</source>
        <translation>Diese Veranstaltung wurde von %1 um %2 auf dem Server geändert.</translation>
    </message>
</context>
<context>
    <name>EventFilterBar</name>
    <message>
        <location filename="../ui/eventfilterbar.cpp" line="+68"/>
        <source>&amp;My shifts</source>
        <translation>&amp;Meine Schichten</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>All dates</source>
        <translation>Alle Zeiträume</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This week</source>
        <translation>Diese Woche</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This month</source>
        <translation>Dieser Monat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Custom range…</source>
        <translation>Eigener Zeitraum…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dates</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To</source>
        <translation>Bis</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All statuses</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only the events you are staffed on</source>
        <translation>Nur die Veranstaltungen, für die Sie eingeteilt sind</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Dates:</source>
        <translation>&amp;Zeitraum:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Status:</source>
        <translation>Stat&amp;us:</translation>
    </message>
    <message numerus="yes">
        <location line="+177"/>
        <source>%Ln event(s)</source>
        <translation>
            <numerusform>%Ln Veranstaltung</numerusform>
            <numerusform>%Ln Veranstaltungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%1 of %Ln event(s)</source>
        <translation>
            <numerusform>%1 von %Ln Veranstaltung</numerusform>
            <numerusform>%1 von %Ln Veranstaltungen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>choose All dates</source>
        <translation>„Alle Zeiträume“ wählen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>choose All statuses</source>
        <translation>„Alle Status“ wählen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>turn off My shifts</source>
        <translation>„Meine Schichten“ ausschalten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>clear the filter box</source>
        <translation>das Filterfeld leeren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No events yet.</source>
        <translation>Noch keine Veranstaltungen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No events match these filters.</source>
        <translation>Keine Veranstaltungen entsprechen diesen Filtern.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No events today.</source>
        <translation>Heute keine Veranstaltungen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No events this week.</source>
        <translation>Diese Woche keine Veranstaltungen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No events this month.</source>
        <translation>Diesen Monat keine Veranstaltungen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No events from %1 to %2.</source>
        <translation>Keine Veranstaltungen vom %1 bis %2.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>To see more, %1.</source>
        <translation>Um mehr zu sehen: %1.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>, or </source>
        <translation> oder </translation>
    </message>
</context>
<context>
    <name>EventItemsEditor</name>
    <message>
        <location filename="../ui/eventitemseditor.cpp" line="+57"/>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;move</source>
        <translation>Entfe&amp;rnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move &amp;up</source>
        <translation>Nach &amp;oben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move do&amp;wn</source>
        <translation>Nach u&amp;nten</translation>
    </message>
</context>
<context>
    <name>EventItemsModel</name>
    <message>
        <location filename="../ui/eventitemsmodel.cpp" line="+89"/>
        <source>Total: %1</source>
        <translation>Summe: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Total: %1 hours</source>
        <translation>Summe: %1 Stunden</translation>
    </message>
    <message>
        <location line="+117"/>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Qty</source>
        <translation>Menge</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unit price</source>
        <translation>Einzelpreis</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Total</source>
        <translation>Summe</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hours</source>
        <translation>Stunden</translation>
    </message>
</context>
<context>
    <name>EventStreamClient</name>
    <message>
        <location filename="../sync/eventstreamclient.cpp" line="+145"/>
        <source>a stream message is not valid JSON (%1)</source>
        <translation>eine Nachricht des Datenstroms ist kein gültiges JSON (%1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a stream message is not a JSON object</source>
        <translation>eine Nachricht des Datenstroms ist kein JSON-Objekt</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>a change message has no known collection, id or document</source>
        <translation>einer Änderungsnachricht fehlt eine bekannte Sammlung, ID oder ein Dokument</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The server answered %1.</source>
        <translation>Der Server hat mit %1 geantwortet.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Nothing heard from the server for %1 seconds.</source>
        <translation>Seit %1 Sekunden keine Nachricht vom Server.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../ui/logindialog.cpp" line="+24"/>
        <source>Log in to DeltaDesk</source>
        <translation>Bei DeltaDesk anmelden</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Log in</source>
        <translation>&amp;Anmelden</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;User:</source>
        <translation>&amp;Benutzer:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Enter the server&apos;s address, for example https://deltadesk.example.</source>
        <translation>Geben Sie die Adresse des Servers ein, zum Beispiel https://deltadesk.example.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter your user name.</source>
        <translation>Geben Sie Ihren Benutzernamen ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter your password.</source>
        <translation>Geben Sie Ihr Passwort ein.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>The user name or password is wrong.</source>
        <translation>Benutzername oder Passwort ist falsch.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cannot reach the server: %1</source>
        <translation>Der Server ist nicht erreichbar: %1</translation>
    </message>
</context>
<context>
    <name>LoginJob</name>
    <message>
        <location filename="../sync/loginjob.cpp" line="+12"/>
        <source>The server&apos;s login answer has no token.</source>
        <translation>Die Anmeldeantwort des Servers enthält kein Token.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.cpp" line="+55"/>
        <location line="+294"/>
        <source>DeltaDesk</source>
        <translation>DeltaDesk</translation>
    </message>
    <message>
        <location line="-236"/>
        <source>Downloading %1: %L2 of %L3 documents.
The table fills when the download is complete.</source>
        <translation>%1 wird heruntergeladen: %L2 von %L3 Dokumenten.
Die Tabelle füllt sich, sobald der Download abgeschlossen ist.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Downloading %1: %L2 documents.
The table fills when the download is complete.</source>
        <translation>%1 wird heruntergeladen: %L2 Dokumente.
Die Tabelle füllt sich, sobald der Download abgeschlossen ist.</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fetch the changes now (F5)</source>
        <translation>Änderungen jetzt abrufen (F5)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Full resync</source>
        <translation>&amp;Komplett neu laden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fetch the whole current collection again</source>
        <translation>Die gesamte aktuelle Sammlung erneut abrufen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Log out…</source>
        <translation>Ab&amp;melden…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the rows of the current view as a CSV file</source>
        <translation>Die Zeilen der aktuellen Ansicht als CSV-Datei speichern</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Filter…</source>
        <translation>&amp;Filtern…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;New event…</source>
        <translation>&amp;Neue Veranstaltung…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Edit event…</source>
        <translation>Veranstaltung &amp;bearbeiten…</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+174"/>
        <source>&amp;Delete event…</source>
        <translation>Veranstaltung &amp;löschen…</translation>
    </message>
    <message>
        <location line="-170"/>
        <source>Event &amp;details</source>
        <translation>Veranstaltungs&amp;details</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Sync &amp;statistics</source>
        <translation>Sync-&amp;Statistik</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Copy &amp;Diagnostics</source>
        <translation>&amp;Diagnosedaten kopieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy version, server, state and the last error, to paste into a problem report</source>
        <translation>Version, Server, Status und letzten Fehler kopieren, um sie in eine Problemmeldung einzufügen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Diagnostics copied: paste them into your report.</source>
        <translation>Diagnosedaten kopiert: Fügen Sie sie in Ihre Meldung ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;About DeltaDesk</source>
        <translation>Ü&amp;ber DeltaDesk</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Main</source>
        <translation>Werkzeugleiste</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Log in first</source>
        <translation>Melden Sie sich zuerst an</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>DeltaDesk — %1@%2</source>
        <translation>DeltaDesk — %1@%2</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Not logged in: log in to send changes</source>
        <translation>Nicht angemeldet: Melden Sie sich an, um Änderungen zu senden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Session ended: log in again to send changes</source>
        <translation>Sitzung beendet: Melden Sie sich erneut an, um Änderungen zu senden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Offline: changes can&apos;t be sent until the server is back</source>
        <translation>Offline: Änderungen können erst gesendet werden, wenn der Server wieder erreichbar ist</translation>
    </message>
    <message numerus="yes">
        <location line="+21"/>
        <source>&amp;Delete %n events…</source>
        <translation>
            <numerusform>%n Veranstaltung &amp;löschen…</numerusform>
            <numerusform>%n Veranstaltungen &amp;löschen…</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Create an event (Ctrl+N)</source>
        <translation>Veranstaltung anlegen (Strg+N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit the selected event (Ctrl+E)</source>
        <translation>Ausgewählte Veranstaltung bearbeiten (Strg+E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the selected events (Del)</source>
        <translation>Ausgewählte Veranstaltungen löschen (Entf)</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Event saved.</source>
        <translation>Veranstaltung gespeichert.</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Log out</source>
        <translation>Abmelden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log out? The local copy of the data is deleted and the next login fetches everything again.</source>
        <translation>Abmelden? Die lokale Kopie der Daten wird gelöscht, und bei der nächsten Anmeldung wird alles erneut abgerufen.</translation>
    </message>
</context>
<context>
    <name>MessageBanner</name>
    <message>
        <location filename="../ui/messagebanner.cpp" line="+49"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close message</source>
        <translation>Meldung schließen</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../ui/eventdetailspane.cpp" line="-354"/>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <location filename="../ui/eventformat.cpp" line="+15"/>
        <source>Draft</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Confirmed</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancelled</source>
        <translation>Abgesagt</translation>
    </message>
    <message>
        <location filename="../ui/eventitemseditor.cpp" line="-29"/>
        <source>Choose a person…</source>
        <translation>Person auswählen…</translation>
    </message>
</context>
<context>
    <name>ReferencePicker</name>
    <message>
        <location filename="../ui/referencepicker.cpp" line="+58"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../ui/shortcutsdialog.cpp" line="+27"/>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Tables</source>
        <translation>Tabellen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the selected event&apos;s details</source>
        <translation>Details der ausgewählten Veranstaltung öffnen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Enter</source>
        <translation>Eingabetaste</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move from the filter into the table</source>
        <translation>Vom Filter in die Tabelle wechseln</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Down</source>
        <translation>Pfeil nach unten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear the filter</source>
        <translation>Filter leeren</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next or previous tab</source>
        <translation>Nächste oder vorherige Registerkarte</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+Tab, Ctrl+Shift+Tab</source>
        <translation>Strg+Tab, Strg+Umschalt+Tab</translation>
    </message>
</context>
<context>
    <name>StatsWindow</name>
    <message>
        <location filename="../ui/statswindow.cpp" line="+40"/>
        <source>Sync statistics</source>
        <translation>Synchronisationsstatistik</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Collection</source>
        <translation>Sammlung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delta syncs</source>
        <translation>Delta-Syncs</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Full syncs</source>
        <translation>Voll-Syncs</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Documents</source>
        <translation>Dokumente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On the wire</source>
        <translation>Übertragen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Full fetches would cost</source>
        <translation>Bei Vollabruf</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saved</source>
        <translation>Eingespart</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Round %1: %2, %3 — %4 on the wire, a full fetch %5</source>
        <translation>Runde %1: %2, %3 — %4 übertragen, bei Vollabruf %5</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>full sync</source>
        <translation>Voll-Sync</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>delta sync</source>
        <translation>Delta-Sync</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 sync rounds, %2 % of them delta. %3 on the wire instead of %4 with full fetches: %5 saved (%6 today).</source>
        <translation>%1 Synchronisierungsrunden, davon %2 % als Delta. %3 übertragen statt %4 bei vollen Abrufen: %5 eingespart (%6 heute).</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>On the wire (kB)</source>
        <translation>Übertragen (kB)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A full fetch would cost (kB)</source>
        <translation>Bei Vollabruf (kB)</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>kB</source>
        <translation>kB</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Bytes per sync round (latest %1)</source>
        <translation>Bytes pro Synchronisierungsrunde (letzte %1)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sync round</source>
        <translation>Synchronisierungsrunde</translation>
    </message>
</context>
<context>
    <name>SyncBanner</name>
    <message>
        <location filename="../ui/syncbanner.cpp" line="+12"/>
        <source>&amp;Retry Now</source>
        <translation>&amp;Jetzt erneut versuchen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Log In…</source>
        <translation>A&amp;nmelden…</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>retrying now</source>
        <translation>neuer Versuch läuft</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>retrying in %n s</source>
        <translation>
            <numerusform>neuer Versuch in %n s</numerusform>
            <numerusform>neuer Versuch in %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>retrying in %n min</source>
        <translation>
            <numerusform>neuer Versuch in %n min</numerusform>
            <numerusform>neuer Versuch in %n min</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Offline since %1.</source>
        <translation>Offline seit %1.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offline since %1 — %2.</source>
        <translation>Offline seit %1 — %2.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You can keep browsing the saved data; changes can&apos;t be sent until the server is back.</source>
        <translation>Sie können die gespeicherten Daten weiter ansehen; Änderungen können erst gesendet werden, wenn der Server wieder erreichbar ist.</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Syncing stopped. %1</source>
        <translation>Synchronisierung angehalten. %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Syncing failed — %1. %2</source>
        <translation>Synchronisierung fehlgeschlagen — %1. %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Your session has ended. Log in again to get new changes; until then you can keep browsing the saved data.</source>
        <translation>Ihre Sitzung wurde beendet. Melden Sie sich erneut an, um neue Änderungen zu erhalten; bis dahin können Sie die gespeicherten Daten weiter ansehen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>You are not logged in. Log in to see your business&apos;s events, clients and staff.</source>
        <translation>Sie sind nicht angemeldet. Melden Sie sich an, um die Veranstaltungen, Kunden und das Personal Ihres Unternehmens zu sehen.</translation>
    </message>
</context>
<context>
    <name>SyncEngine</name>
    <message>
        <location filename="../sync/syncengine.cpp" line="+334"/>
        <source>The server&apos;s database was restored or replaced: full resync.</source>
        <translation>Die Datenbank des Servers wurde wiederhergestellt oder ersetzt: vollständige Neusynchronisierung.</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Cannot store changes of %1: %2</source>
        <translation>Änderungen an %1 können nicht gespeichert werden: %2</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>The server sent data this client cannot read: %1.</source>
        <translation>Der Server hat Daten gesendet, die dieses Programm nicht lesen kann: %1.</translation>
    </message>
</context>
<context>
    <name>SyncStatsJournal</name>
    <message>
        <location filename="../sync/syncstatsjournal.cpp" line="+36"/>
        <source>%1 is not a statistics file: %2</source>
        <translation>%1 ist keine Statistikdatei: %2</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <location filename="../ui/syncstatusbar.cpp" line="+59"/>
        <source>Refreshed: up to date</source>
        <translation>Aktualisiert: auf dem neuesten Stand</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refresh failed: %1</source>
        <translation>Aktualisierung fehlgeschlagen: %1</translation>
    </message>
    <message numerus="yes">
        <location line="+22"/>
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n Zeile</numerusform>
            <numerusform>%n Zeilen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+26"/>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n min ago</source>
        <translation>
            <numerusform>vor %n Min.</numerusform>
            <numerusform>vor %n Min.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n hour(s) ago</source>
        <translation>
            <numerusform>vor %n Stunde</numerusform>
            <numerusform>vor %n Stunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>vor %n Tag</numerusform>
            <numerusform>vor %n Tagen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Never synced</source>
        <translation>Nie synchronisiert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data from %1</source>
        <translation>Stand: %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not logged in</source>
        <translation>Nicht angemeldet</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Up to date</source>
        <translation>Aktuell</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Offline since %1</source>
        <translation>Offline seit %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Session ended</source>
        <translation>Sitzung beendet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sync failed</source>
        <translation>Synchronisierung fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Last change from the server: %1</source>
        <translation>Letzte Änderung vom Server: %1</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Syncing %1: %2 of %3</source>
        <translation>%1 wird synchronisiert: %2 von %3</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Syncing %1: %2</source>
        <translation>%1 wird synchronisiert: %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Syncing %1…</source>
        <translation>%1 wird synchronisiert…</translation>
    </message>
    <message>
        <location line="-53"/>
        <source>Syncing…</source>
        <translation>Wird synchronisiert…</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+2"/>
        <source>Refreshing…</source>
        <translation>Wird aktualisiert…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Connecting…</source>
        <translation>Verbindung wird aufgebaut…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
</context>
<context>
    <name>TokenStore</name>
    <message>
        <location filename="../ui/tokenstore.cpp" line="+37"/>
        <source>The login token is kept in the system keychain.</source>
        <translation>Das Anmelde-Token wird im Schlüsselbund des Systems gespeichert.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No system keychain is available: the login token is kept in %1, readable by this user only.</source>
        <translation>Kein Schlüsselbund des Systems verfügbar: Das Anmelde-Token wird in %1 gespeichert, nur für diesen Benutzer lesbar.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The login token is kept in the system keychain when one is available, otherwise in the settings file, readable by this user only. The password is never stored.</source>
        <translation>Das Anmelde-Token wird im Schlüsselbund des Systems gespeichert, sofern einer verfügbar ist, sonst in der Einstellungsdatei, nur für diesen Benutzer lesbar. Das Passwort wird nie gespeichert.</translation>
    </message>
</context>
<context>
    <name>ViewExporter</name>
    <message>
        <location filename="../ui/viewexporter.cpp" line="+26"/>
        <source>Export as CSV</source>
        <translation>Als CSV exportieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Exporting %1…</source>
        <translation>%1 wird exportiert…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The view could not be exported: %1</source>
        <translation>Die Ansicht konnte nicht exportiert werden: %1</translation>
    </message>
</context>
<context>
    <name>WriteJob</name>
    <message>
        <location filename="../sync/writejob.cpp" line="+15"/>
        <source>The server&apos;s answer has no document.</source>
        <translation>Die Antwort des Servers enthält kein Dokument.</translation>
    </message>
</context>
</TS>
