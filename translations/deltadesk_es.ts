<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../ui/aboutdialog.cpp" line="+14"/>
        <source>About DeltaDesk</source>
        <translation>Acerca de DeltaDesk</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&lt;h3&gt;DeltaDesk %1&lt;/h3&gt;&lt;p&gt;Keeps the events, users, clients, roles and tariffs of your business on this computer and up to date as they change on the server.&lt;/p&gt;&lt;p&gt;%2&lt;/p&gt;&lt;p&gt;Data folder: %3&lt;/p&gt;&lt;p&gt;Built with Qt %4.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;DeltaDesk %1&lt;/h3&gt;&lt;p&gt;Mantiene en este equipo los eventos, usuarios, clientes, roles y tarifas de su empresa, y los actualiza en cuanto cambian en el servidor.&lt;/p&gt;&lt;p&gt;%2&lt;/p&gt;&lt;p&gt;Carpeta de datos: %3&lt;/p&gt;&lt;p&gt;Compilado con Qt %4.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>ApiJob</name>
    <message>
        <location filename="../sync/apijob.cpp" line="+95"/>
        <source>The request was cancelled.</source>
        <translation>La solicitud se ha cancelado.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The server did not answer within %1 seconds.</source>
        <translation>El servidor no ha respondido en %1 segundos.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>The server sent a corrupt compressed response.</source>
        <translation>El servidor ha enviado una respuesta comprimida dañada.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Network error: %1</source>
        <translation>Error de red: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The compressed response was cut short.</source>
        <translation>La respuesta comprimida está incompleta.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The server sent data that is not valid JSON (%1).</source>
        <translation>El servidor ha enviado datos que no son JSON válido (%1).</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The server answered %1 %2.</source>
        <translation>El servidor ha respondido %1 %2.</translation>
    </message>
</context>
<context>
    <name>CacheStore</name>
    <message>
        <location filename="../sync/cachestore.cpp" line="+68"/>
        <source>The cache is not open</source>
        <translation>La caché no está abierta</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Cannot open the cache %1: %2</source>
        <translation>No se puede abrir la caché %1: %2</translation>
    </message>
    <message>
        <location line="+230"/>
        <source>A document of %1 has no _id</source>
        <translation>Un documento de %1 no tiene _id</translation>
    </message>
    <message>
        <location line="+122"/>
        <location line="+37"/>
        <location line="+38"/>
        <location line="+18"/>
        <location line="+18"/>
        <source>Unknown collection %1</source>
        <translation>Colección desconocida %1</translation>
    </message>
</context>
<context>
    <name>CollectionColumns</name>
    <message>
        <location filename="../ui/collectioncolumns.cpp" line="+30"/>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>End</source>
        <translation>Fin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Location</source>
        <translation>Ubicación</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tariff</source>
        <translation>Tarifa</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+4"/>
        <location line="+5"/>
        <location line="+3"/>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location line="-11"/>
        <location line="+5"/>
        <source>Email</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Company</source>
        <translation>Empresa</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Permissions</source>
        <translation>Permisos</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Currency</source>
        <translation>Moneda</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount</source>
        <translation>Importe</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Events</source>
        <translation>Eventos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Users</source>
        <translation>Usuarios</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clients</source>
        <translation>Clientes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Roles</source>
        <translation>Roles</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tariffs</source>
        <translation>Tarifas</translation>
    </message>
</context>
<context>
    <name>CollectionTab</name>
    <message>
        <location filename="../ui/collectiontab.cpp" line="+40"/>
        <source>Filter (Ctrl+F)</source>
        <translation>Filtrar (Ctrl+F)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Filter</source>
        <translation>Filtro</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../ui/conflictdialog.cpp" line="+24"/>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>End</source>
        <translation>Fin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Location</source>
        <translation>Ubicación</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tariff</source>
        <translation>Tarifa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes</source>
        <translation>Notas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Line items</source>
        <translation>Partidas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Staffing</source>
        <translation>Personal</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Resolve changes</source>
        <translation>Resolver cambios</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This event was changed on the server at %1 while you edited it. Choose, field by field, which value to keep.</source>
        <translation>Este evento se modificó en el servidor a las %1 mientras usted lo editaba. Elija, campo por campo, qué valor conservar.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 changed this event on the server at %2 while you edited it. Choose, field by field, which value to keep.</source>
        <translation>%1 modificó este evento en el servidor a las %2 mientras usted lo editaba. Elija, campo por campo, qué valor conservar.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Field</source>
        <translation>Campo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mine</source>
        <translation>Mi versión</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Theirs</source>
        <translation>Versión del servidor</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>&amp;Save merged</source>
        <translation>&amp;Guardar combinación</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Keep mine: %1</source>
        <translation>Conservar mi valor: %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Take theirs: %1</source>
        <translation>Usar el del servidor: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(none)</source>
        <translation>(ninguno)</translation>
    </message>
    <message numerus="yes">
        <location line="+40"/>
        <source>%n item(s), total %1</source>
        <translation>
            <numerusform>%n partida, total %1</numerusform>
            <numerusform>%n partidas, total %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%n person(s), %1 hours</source>
        <translation>
            <numerusform>%n persona, %1 horas</numerusform>
            <numerusform>%n personas, %1 horas</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CsvExportJob</name>
    <message>
        <location filename="../ui/csvexportjob.cpp" line="+106"/>
        <source>The table was closed.</source>
        <translation>La tabla se ha cerrado.</translation>
    </message>
</context>
<context>
    <name>DeltaFetcher</name>
    <message>
        <location filename="../sync/deltafetcher.cpp" line="+144"/>
        <source>Cancelled.</source>
        <translation>Cancelado.</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+64"/>
        <location line="+43"/>
        <location line="+25"/>
        <source>The cache cannot store %1: %2</source>
        <translation>La caché no puede guardar %1: %2</translation>
    </message>
    <message>
        <location line="-48"/>
        <source>The server sent invalid data for %1: %2.</source>
        <translation>El servidor ha enviado datos no válidos para %1: %2.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The server&apos;s database was restored or replaced: full resync.</source>
        <translation>La base de datos del servidor se ha restaurado o sustituido: resincronización completa.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The server&apos;s paging for %1 does not advance.</source>
        <translation>La paginación del servidor para %1 no avanza.</translation>
    </message>
</context>
<context>
    <name>DesktopCommandLine</name>
    <message>
        <location filename="../app/desktopcommandline.cpp" line="+7"/>
        <source>Server URL to log in to.</source>
        <translation>URL del servidor en el que iniciar sesión.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User name to log in with.</source>
        <translation>Nombre de usuario para iniciar sesión.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>File holding the password (first line).</source>
        <translation>Archivo con la contraseña (primera línea).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Folder for settings.ini and cache.sqlite (default: %1).</source>
        <translation>Carpeta para settings.ini y cache.sqlite (predeterminada: %1).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Where to keep the token: auto (keychain, else file) or file.</source>
        <translation>Dónde guardar el token: auto (llavero del sistema o, si no hay, archivo) o file (archivo).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Once live, save screenshots to this folder and quit.</source>
        <translation>Una vez sincronizado, guardar capturas de pantalla en esta carpeta y salir.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>DeltaDesk keeps a live local copy of the events, users, clients, roles and tariffs of a DeltaDesk server.
The login token (never the password) is kept in the system keychain when one is available, otherwise in settings.ini in the state dir, readable by the owner only; the about box says which one is in use.</source>
        <translation>DeltaDesk mantiene una copia local, actualizada al momento, de los eventos, usuarios, clientes, roles y tarifas de un servidor DeltaDesk.
El token de inicio de sesión (nunca la contraseña) se guarda en el llavero del sistema si hay uno disponible y, si no, en settings.ini en la carpeta de estado, legible solo por su propietario; el cuadro «Acerca de» indica cuál se usa.</translation>
    </message>
</context>
<context>
    <name>DesktopSession</name>
    <message>
        <location filename="../app/desktopsession.cpp" line="+77"/>
        <source>Cannot open the cache: %1</source>
        <translation>No se puede abrir la caché: %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Cannot create the data folder %1.</source>
        <translation>No se puede crear la carpeta de datos %1.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Your session has ended. Log in again to keep syncing.</source>
        <translation>Su sesión ha finalizado. Inicie sesión de nuevo para seguir sincronizando.</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Login failed: %1</source>
        <translation>Error al iniciar sesión: %1</translation>
    </message>
</context>
<context>
    <name>Diagnostics</name>
    <message>
        <location filename="../ui/diagnostics.cpp" line="+12"/>
        <source>(none)</source>
        <translation>(ninguno)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>DeltaDesk %1 (Qt %2, %3)</source>
        <translation>DeltaDesk %1 (Qt %2, %3)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Server: %1</source>
        <translation>Servidor: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User: %1</source>
        <translation>Usuario: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State: %1</source>
        <translation>Estado: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last error: %1</source>
        <translation>Último error: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Newest data: %1</source>
        <translation>Datos más recientes: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>never synced</source>
        <translation>nunca sincronizado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data folder: %1</source>
        <translation>Carpeta de datos: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Token: %1</source>
        <translation>Token: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copied: %1</source>
        <translation>Copiado: %1</translation>
    </message>
</context>
<context>
    <name>EventDeleter</name>
    <message>
        <location filename="../ui/eventdeleter.cpp" line="+63"/>
        <source>(untitled)</source>
        <translation>(sin título)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Delete event</source>
        <translation>Eliminar evento</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete %1?</source>
        <translation>¿Eliminar %1?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete Event</source>
        <translation>Eliminar evento</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete events</source>
        <translation>Eliminar eventos</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Delete %n events?</source>
        <translation>
            <numerusform>¿Eliminar %n evento?</numerusform>
            <numerusform>¿Eliminar %n eventos?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>and %n more</source>
        <translation>
            <numerusform>y %n más</numerusform>
            <numerusform>y %n más</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Delete %n Events</source>
        <translation>
            <numerusform>Eliminar %n evento</numerusform>
            <numerusform>Eliminar %n eventos</numerusform>
        </translation>
    </message>
    <message>
        <location line="+40"/>
        <source>%1 not deleted: someone changed it meanwhile</source>
        <translation>%1 no se ha eliminado: alguien lo ha modificado mientras tanto</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 not deleted: someone else deleted it already</source>
        <translation>%1 no se ha eliminado: otra persona ya lo había eliminado</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 not deleted: %2</source>
        <translation>%1 no se ha eliminado: %2</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Event deleted.</source>
        <translation>Evento eliminado.</translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>%n events deleted.</source>
        <translation>
            <numerusform>%n evento eliminado.</numerusform>
            <numerusform>%n eventos eliminados.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Event not deleted</source>
        <translation>Evento no eliminado</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not all events deleted</source>
        <translation>No se han eliminado todos los eventos</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <location line="+13"/>
        <source>%n deleted</source>
        <translation>
            <numerusform>%n eliminado</numerusform>
            <numerusform>%n eliminados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-10"/>
        <source>%n more not deleted</source>
        <translation>
            <numerusform>%n más no eliminado</numerusform>
            <numerusform>%n más no eliminados</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Check the new version and try again.</source>
        <translation>Revise la nueva versión y vuelva a intentarlo.</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n not deleted</source>
        <translation>
            <numerusform>%n no eliminado</numerusform>
            <numerusform>%n no eliminados</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EventDetailsPane</name>
    <message>
        <location filename="../ui/eventdetailspane.cpp" line="+103"/>
        <source>Edit…</source>
        <translation>Editar…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Notes</source>
        <translation>Notas</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Description</source>
        <translation>Descripción</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Qty</source>
        <translation>Cant.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Unit price</source>
        <translation>Precio unitario</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+265"/>
        <location line="+25"/>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location line="-287"/>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Task</source>
        <translation>Tarea</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Hours</source>
        <translation>Horas</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Line items</source>
        <translation>Partidas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Staffing</source>
        <translation>Personal</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Event details</source>
        <translation>Detalles del evento</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+11"/>
        <source>No event selected</source>
        <translation>Ningún evento seleccionado</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>The event cannot be read from the local copy: %1</source>
        <translation>No se puede leer el evento de la copia local: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This event was deleted.</source>
        <translation>Este evento se ha eliminado.</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Starts:</source>
        <translation>Inicio:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ends:</source>
        <translation>Fin:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Location:</source>
        <translation>Ubicación:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No tariff</source>
        <translation>Sin tarifa</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Tariff:</source>
        <translation>Tarifa:</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Updated:</source>
        <translation>Actualizado:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (version %2)</source>
        <translation>%1 (versión %2)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No client</source>
        <translation>Sin cliente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Client %1 is not in the local copy.</source>
        <translation>El cliente %1 no está en la copia local.</translation>
    </message>
    <message>
        <location line="+101"/>
        <source>Edit this event (Ctrl+E)</source>
        <translation>Editar este evento (Ctrl+E)</translation>
    </message>
</context>
<context>
    <name>EventEditorDialog</name>
    <message>
        <location filename="../ui/eventeditordialog.cpp" line="+56"/>
        <source>No tariff</source>
        <translation>Sin tarifa</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Review…</source>
        <translation>Revi&amp;sar…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Draft</source>
        <translation>Borrador</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Confirmed</source>
        <translation>Confirmado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled</source>
        <translation>Cancelado</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a client…</source>
        <translation>Elija un cliente…</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>&amp;Title:</source>
        <translation>&amp;Título:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Start:</source>
        <translation>&amp;Inicio:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;End:</source>
        <translation>&amp;Fin:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Location:</source>
        <translation>&amp;Ubicación:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Client:</source>
        <translation>&amp;Cliente:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>St&amp;atus:</source>
        <translation>&amp;Estado:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>T&amp;ariff:</source>
        <translation>T&amp;arifa:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Notes:</source>
        <translation>&amp;Notas:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;vent</source>
        <translation>E&amp;vento</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>L&amp;ine items</source>
        <translation>&amp;Partidas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sta&amp;ffing</source>
        <translation>Pe&amp;rsonal</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>New event</source>
        <translation>Nuevo evento</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Edit event</source>
        <translation>Editar evento</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>The title is empty.</source>
        <translation>El título está vacío.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The end must be after the start.</source>
        <translation>El fin debe ser posterior al inicio.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a client.</source>
        <translation>Elija un cliente.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a tariff from the list, or &quot;No tariff&quot;.</source>
        <translation>Elija una tarifa de la lista o «Sin tarifa».</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Every staffing row needs a person.</source>
        <translation>Cada fila de personal necesita una persona.</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Discard changes?</source>
        <translation>¿Descartar los cambios?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This event has changes that are not saved.</source>
        <translation>Este evento tiene cambios sin guardar.</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Choose a client</source>
        <translation>Elija un cliente</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The server refused the event: %1</source>
        <translation>El servidor ha rechazado el evento: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Could not save: %1</source>
        <translation>No se ha podido guardar: %1</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Loaded the server&apos;s version.</source>
        <translation>Se ha cargado la versión del servidor.</translation>
    </message>
    <message>
        <location line="+87"/>
        <source>This event was deleted on the server. Saving will fail; close the editor, or copy what you need first.</source>
        <translation>Este evento se ha eliminado en el servidor. No se podrá guardar; cierre el editor o copie antes lo que necesite.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>This event was changed on the server at %1.</source>
        <translation>Este evento se modificó en el servidor a las %1.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This event was changed on the server by %1 at %2.</source>
        <translation>%1 modificó este evento en el servidor a las %2.</translation>
    </message>
</context>
<context>
    <name>EventFilterBar</name>
    <message>
        <location filename="../ui/eventfilterbar.cpp" line="+68"/>
        <source>&amp;My shifts</source>
        <translation>&amp;Mis turnos</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>All dates</source>
        <translation>Todas las fechas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Today</source>
        <translation>Hoy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This week</source>
        <translation>Esta semana</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This month</source>
        <translation>Este mes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Custom range…</source>
        <translation>Intervalo personalizado…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dates</source>
        <translation>Fechas</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>From</source>
        <translation>Desde</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To</source>
        <translation>Hasta</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All statuses</source>
        <translation>Todos los estados</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only the events you are staffed on</source>
        <translation>Solo los eventos en los que está asignado</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Dates:</source>
        <translation>&amp;Fechas:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>to</source>
        <translation>a</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Status:</source>
        <translation>E&amp;stado:</translation>
    </message>
    <message numerus="yes">
        <location line="+177"/>
        <source>%Ln event(s)</source>
        <translation>
            <numerusform>%Ln evento</numerusform>
            <numerusform>%Ln eventos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%1 of %Ln event(s)</source>
        <translation>
            <numerusform>%1 de %Ln evento</numerusform>
            <numerusform>%1 de %Ln eventos</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>choose All dates</source>
        <translation>elija «Todas las fechas»</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>choose All statuses</source>
        <translation>elija «Todos los estados»</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>turn off My shifts</source>
        <translation>desactive «Mis turnos»</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>clear the filter box</source>
        <translation>vacíe el cuadro de filtro</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No events yet.</source>
        <translation>Aún no hay eventos.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No events match these filters.</source>
        <translation>Ningún evento coincide con estos filtros.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No events today.</source>
        <translation>Hoy no hay eventos.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No events this week.</source>
        <translation>Esta semana no hay eventos.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No events this month.</source>
        <translation>Este mes no hay eventos.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No events from %1 to %2.</source>
        <translation>No hay eventos del %1 al %2.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>To see more, %1.</source>
        <translation>Para ver más, %1.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>, or </source>
        <translation> o </translation>
    </message>
</context>
<context>
    <name>EventItemsEditor</name>
    <message>
        <location filename="../ui/eventitemseditor.cpp" line="+57"/>
        <source>&amp;Add</source>
        <translation>&amp;Añadir</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;move</source>
        <translation>&amp;Quitar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move &amp;up</source>
        <translation>S&amp;ubir</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move do&amp;wn</source>
        <translation>Ba&amp;jar</translation>
    </message>
</context>
<context>
    <name>EventItemsModel</name>
    <message>
        <location filename="../ui/eventitemsmodel.cpp" line="+89"/>
        <source>Total: %1</source>
        <translation>Total: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Total: %1 hours</source>
        <translation>Total: %1 horas</translation>
    </message>
    <message>
        <location line="+117"/>
        <source>Description</source>
        <translation>Descripción</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Qty</source>
        <translation>Cant.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unit price</source>
        <translation>Precio unitario</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Person</source>
        <translation>Persona</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Task</source>
        <translation>Tarea</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hours</source>
        <translation>Horas</translation>
    </message>
</context>
<context>
    <name>EventStreamClient</name>
    <message>
        <location filename="../sync/eventstreamclient.cpp" line="+145"/>
        <source>a stream message is not valid JSON (%1)</source>
        <translation>un mensaje del flujo no es JSON válido (%1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a stream message is not a JSON object</source>
        <translation>un mensaje del flujo no es un objeto JSON</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>a change message has no known collection, id or document</source>
        <translation>un mensaje de cambio no tiene una colección, un id o un documento conocidos</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The server answered %1.</source>
        <translation>El servidor ha respondido %1.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Nothing heard from the server for %1 seconds.</source>
        <translation>Sin noticias del servidor desde hace %1 segundos.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../ui/logindialog.cpp" line="+24"/>
        <source>Log in to DeltaDesk</source>
        <translation>Iniciar sesión en DeltaDesk</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Log in</source>
        <translation>&amp;Iniciar sesión</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Server:</source>
        <translation>&amp;Servidor:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;User:</source>
        <translation>&amp;Usuario:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Password:</source>
        <translation>&amp;Contraseña:</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Enter the server&apos;s address, for example https://deltadesk.example.</source>
        <translation>Introduzca la dirección del servidor, por ejemplo https://deltadesk.example.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter your user name.</source>
        <translation>Introduzca su nombre de usuario.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter your password.</source>
        <translation>Introduzca su contraseña.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>The user name or password is wrong.</source>
        <translation>El nombre de usuario o la contraseña no son correctos.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cannot reach the server: %1</source>
        <translation>No se puede conectar con el servidor: %1</translation>
    </message>
</context>
<context>
    <name>LoginJob</name>
    <message>
        <location filename="../sync/loginjob.cpp" line="+12"/>
        <source>The server&apos;s login answer has no token.</source>
        <translation>La respuesta de inicio de sesión del servidor no contiene ningún token.</translation>
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
        <translation>Descargando %1: %L2 de %L3 documentos.
La tabla se rellenará cuando termine la descarga.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Downloading %1: %L2 documents.
The table fills when the download is complete.</source>
        <translation>Descargando %1: %L2 documentos.
La tabla se rellenará cuando termine la descarga.</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualizar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fetch the changes now (F5)</source>
        <translation>Obtener los cambios ahora (F5)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Full resync</source>
        <translation>&amp;Resincronizar todo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fetch the whole current collection again</source>
        <translation>Volver a obtener toda la colección actual</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Log out…</source>
        <translation>&amp;Cerrar sesión…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Quit</source>
        <translation>Sa&amp;lir</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Export…</source>
        <translation>&amp;Exportar…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the rows of the current view as a CSV file</source>
        <translation>Guardar las filas de la vista actual como archivo CSV</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Copy</source>
        <translation>&amp;Copiar</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Filter…</source>
        <translation>&amp;Filtrar…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;New event…</source>
        <translation>&amp;Nuevo evento…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Edit event…</source>
        <translation>&amp;Editar evento…</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+174"/>
        <source>&amp;Delete event…</source>
        <translation>E&amp;liminar evento…</translation>
    </message>
    <message>
        <location line="-170"/>
        <source>Event &amp;details</source>
        <translation>&amp;Detalles del evento</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Sync &amp;statistics</source>
        <translation>E&amp;stadísticas</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>Atajos de &amp;teclado</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Copy &amp;Diagnostics</source>
        <translation>Copiar &amp;diagnóstico</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy version, server, state and the last error, to paste into a problem report</source>
        <translation>Copiar la versión, el servidor, el estado y el último error para pegarlos en un informe de problemas</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Diagnostics copied: paste them into your report.</source>
        <translation>Diagnóstico copiado: péguelo en su informe.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;About DeltaDesk</source>
        <translation>&amp;Acerca de DeltaDesk</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Edit</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Main</source>
        <translation>Barra principal</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Log in first</source>
        <translation>Inicie sesión primero</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>DeltaDesk — %1@%2</source>
        <translation>DeltaDesk — %1@%2</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Not logged in: log in to send changes</source>
        <translation>Sesión no iniciada: inicie sesión para enviar cambios</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Session ended: log in again to send changes</source>
        <translation>Sesión finalizada: inicie sesión de nuevo para enviar cambios</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Offline: changes can&apos;t be sent until the server is back</source>
        <translation>Sin conexión: los cambios no se pueden enviar hasta que el servidor vuelva a estar disponible</translation>
    </message>
    <message numerus="yes">
        <location line="+21"/>
        <source>&amp;Delete %n events…</source>
        <translation>
            <numerusform>E&amp;liminar %n evento…</numerusform>
            <numerusform>E&amp;liminar %n eventos…</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Create an event (Ctrl+N)</source>
        <translation>Crear un evento (Ctrl+N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit the selected event (Ctrl+E)</source>
        <translation>Editar el evento seleccionado (Ctrl+E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the selected events (Del)</source>
        <translation>Eliminar los eventos seleccionados (Supr)</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Event saved.</source>
        <translation>Evento guardado.</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Log out</source>
        <translation>Cerrar sesión</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log out? The local copy of the data is deleted and the next login fetches everything again.</source>
        <translation>¿Cerrar la sesión? La copia local de los datos se eliminará y el próximo inicio de sesión volverá a descargarlo todo.</translation>
    </message>
</context>
<context>
    <name>MessageBanner</name>
    <message>
        <location filename="../ui/messagebanner.cpp" line="+49"/>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close message</source>
        <translation>Cerrar el mensaje</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../ui/eventdetailspane.cpp" line="-354"/>
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../ui/eventformat.cpp" line="+15"/>
        <source>Draft</source>
        <translation>Borrador</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Confirmed</source>
        <translation>Confirmado</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancelled</source>
        <translation>Cancelado</translation>
    </message>
    <message>
        <location filename="../ui/eventitemseditor.cpp" line="-29"/>
        <source>Choose a person…</source>
        <translation>Elija una persona…</translation>
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
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Keys</source>
        <translation>Teclas</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Tables</source>
        <translation>Tablas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the selected event&apos;s details</source>
        <translation>Abrir los detalles del evento seleccionado</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Enter</source>
        <translation>Intro</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move from the filter into the table</source>
        <translation>Pasar del filtro a la tabla</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Down</source>
        <translation>Flecha abajo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear the filter</source>
        <translation>Vaciar el filtro</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next or previous tab</source>
        <translation>Pestaña siguiente o anterior</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+Tab, Ctrl+Shift+Tab</source>
        <translation>Ctrl+Tab, Ctrl+Mayús+Tab</translation>
    </message>
</context>
<context>
    <name>StatsWindow</name>
    <message>
        <location filename="../ui/statswindow.cpp" line="+40"/>
        <source>Sync statistics</source>
        <translation>Estadísticas de sincronización</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Collection</source>
        <translation>Colección</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delta syncs</source>
        <translation>Sinc. delta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Full syncs</source>
        <translation>Sinc. completas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Documents</source>
        <translation>Documentos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On the wire</source>
        <translation>Transferido</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Full fetches would cost</source>
        <translation>Con descarga completa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saved</source>
        <translation>Ahorrado</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Round %1: %2, %3 — %4 on the wire, a full fetch %5</source>
        <translation>Ronda %1: %2, %3 — %4 transferidos, con descarga completa %5</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>full sync</source>
        <translation>sincronización completa</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>delta sync</source>
        <translation>sincronización delta</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 sync rounds, %2 % of them delta. %3 on the wire instead of %4 with full fetches: %5 saved (%6 today).</source>
        <translation>%1 rondas de sincronización, el %2 % de ellas delta. %3 transferidos en lugar de %4 con descargas completas: %5 ahorrados (%6 hoy).</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>On the wire (kB)</source>
        <translation>Transferido (kB)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A full fetch would cost (kB)</source>
        <translation>Con descarga completa (kB)</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>kB</source>
        <translation>kB</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Bytes per sync round (latest %1)</source>
        <translation>Bytes por ronda de sincronización (últimas %1)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sync round</source>
        <translation>Ronda de sincronización</translation>
    </message>
</context>
<context>
    <name>SyncBanner</name>
    <message>
        <location filename="../ui/syncbanner.cpp" line="+12"/>
        <source>&amp;Retry Now</source>
        <translation>&amp;Reintentar ahora</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Log In…</source>
        <translation>&amp;Iniciar sesión…</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>retrying now</source>
        <translation>reintentando ahora</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>retrying in %n s</source>
        <translation>
            <numerusform>reintentando en %n s</numerusform>
            <numerusform>reintentando en %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>retrying in %n min</source>
        <translation>
            <numerusform>reintentando en %n min</numerusform>
            <numerusform>reintentando en %n min</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Offline since %1.</source>
        <translation>Sin conexión desde %1.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offline since %1 — %2.</source>
        <translation>Sin conexión desde %1 — %2.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You can keep browsing the saved data; changes can&apos;t be sent until the server is back.</source>
        <translation>Puede seguir consultando los datos guardados; los cambios no se pueden enviar hasta que el servidor vuelva a estar disponible.</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Syncing stopped. %1</source>
        <translation>Sincronización detenida. %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Syncing failed — %1. %2</source>
        <translation>Error de sincronización — %1. %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Your session has ended. Log in again to get new changes; until then you can keep browsing the saved data.</source>
        <translation>Su sesión ha finalizado. Inicie sesión de nuevo para recibir los cambios nuevos; mientras tanto, puede seguir consultando los datos guardados.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>You are not logged in. Log in to see your business&apos;s events, clients and staff.</source>
        <translation>No ha iniciado sesión. Inicie sesión para ver los eventos, los clientes y el personal de su empresa.</translation>
    </message>
</context>
<context>
    <name>SyncEngine</name>
    <message>
        <location filename="../sync/syncengine.cpp" line="+334"/>
        <source>The server&apos;s database was restored or replaced: full resync.</source>
        <translation>La base de datos del servidor se ha restaurado o sustituido: resincronización completa.</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Cannot store changes of %1: %2</source>
        <translation>No se pueden guardar los cambios de %1: %2</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>The server sent data this client cannot read: %1.</source>
        <translation>El servidor ha enviado datos que este cliente no puede leer: %1.</translation>
    </message>
</context>
<context>
    <name>SyncStatsJournal</name>
    <message>
        <location filename="../sync/syncstatsjournal.cpp" line="+36"/>
        <source>%1 is not a statistics file: %2</source>
        <translation>%1 no es un archivo de estadísticas: %2</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <location filename="../ui/syncstatusbar.cpp" line="+59"/>
        <source>Refreshed: up to date</source>
        <translation>Actualizado: todo al día</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refresh failed: %1</source>
        <translation>Error al actualizar: %1</translation>
    </message>
    <message numerus="yes">
        <location line="+22"/>
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n fila</numerusform>
            <numerusform>%n filas</numerusform>
        </translation>
    </message>
    <message>
        <location line="+26"/>
        <source>just now</source>
        <translation>ahora mismo</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n min ago</source>
        <translation>
            <numerusform>hace %n min</numerusform>
            <numerusform>hace %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n hour(s) ago</source>
        <translation>
            <numerusform>hace %n hora</numerusform>
            <numerusform>hace %n horas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>hace %n día</numerusform>
            <numerusform>hace %n días</numerusform>
        </translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Never synced</source>
        <translation>Nunca sincronizado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data from %1</source>
        <translation>Datos de %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not logged in</source>
        <translation>Sesión no iniciada</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Up to date</source>
        <translation>Al día</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Offline since %1</source>
        <translation>Sin conexión desde %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Session ended</source>
        <translation>Sesión finalizada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sync failed</source>
        <translation>Error de sincronización</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Last change from the server: %1</source>
        <translation>Último cambio del servidor: %1</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Syncing %1: %2 of %3</source>
        <translation>Sincronizando %1: %2 de %3</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Syncing %1: %2</source>
        <translation>Sincronizando %1: %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Syncing %1…</source>
        <translation>Sincronizando %1…</translation>
    </message>
    <message>
        <location line="-53"/>
        <source>Syncing…</source>
        <translation>Sincronizando…</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+2"/>
        <source>Refreshing…</source>
        <translation>Actualizando…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Connecting…</source>
        <translation>Conectando…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Offline</source>
        <translation>Sin conexión</translation>
    </message>
</context>
<context>
    <name>TokenStore</name>
    <message>
        <location filename="../ui/tokenstore.cpp" line="+37"/>
        <source>The login token is kept in the system keychain.</source>
        <translation>El token de inicio de sesión se guarda en el llavero del sistema.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No system keychain is available: the login token is kept in %1, readable by this user only.</source>
        <translation>No hay ningún llavero del sistema disponible: el token de inicio de sesión se guarda en %1, legible solo por este usuario.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The login token is kept in the system keychain when one is available, otherwise in the settings file, readable by this user only. The password is never stored.</source>
        <translation>El token de inicio de sesión se guarda en el llavero del sistema si hay uno disponible y, si no, en el archivo de configuración, legible solo por este usuario. La contraseña nunca se guarda.</translation>
    </message>
</context>
<context>
    <name>ViewExporter</name>
    <message>
        <location filename="../ui/viewexporter.cpp" line="+26"/>
        <source>Export as CSV</source>
        <translation>Exportar como CSV</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Exporting %1…</source>
        <translation>Exportando %1…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export</source>
        <translation>Exportar</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Export failed</source>
        <translation>Error al exportar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The view could not be exported: %1</source>
        <translation>No se ha podido exportar la vista: %1</translation>
    </message>
</context>
<context>
    <name>WriteJob</name>
    <message>
        <location filename="../sync/writejob.cpp" line="+15"/>
        <source>The server&apos;s answer has no document.</source>
        <translation>La respuesta del servidor no contiene ningún documento.</translation>
    </message>
</context>
</TS>
