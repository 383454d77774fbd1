<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ConflictDialog</name>
    <message numerus="yes">
        <location filename="../ui/conflictdialog.cpp" line="+202"/>
        <source>%n item(s), total %1</source>
        <translation>
            <numerusform>%n item, total %1</numerusform>
            <numerusform>%n items, total %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%n person(s), %1 hours</source>
        <translation>
            <numerusform>%n person, %1 hours</numerusform>
            <numerusform>%n people, %1 hours</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EventDeleter</name>
    <message numerus="yes">
        <location filename="../ui/eventdeleter.cpp" line="+85"/>
        <source>Delete %n events?</source>
        <translation>
            <numerusform>Delete %n event?</numerusform>
            <numerusform>Delete %n events?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Delete %n Events</source>
        <translation>
            <numerusform>Delete %n Event</numerusform>
            <numerusform>Delete %n Events</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+69"/>
        <source>%n events deleted.</source>
        <translation>
            <numerusform>%n event deleted.</numerusform>
            <numerusform>%n events deleted.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <location line="+13"/>
        <source>%n deleted</source>
        <translation>
            <numerusform>%n deleted</numerusform>
            <numerusform>%n deleted</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-10"/>
        <source>%n more not deleted</source>
        <translation>
            <numerusform>%n more not deleted</numerusform>
            <numerusform>%n more not deleted</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>%n not deleted</source>
        <translation>
            <numerusform>%n not deleted</numerusform>
            <numerusform>%n not deleted</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EventFilterBar</name>
    <message numerus="yes">
        <location filename="../ui/eventfilterbar.cpp" line="+281"/>
        <source>%Ln event(s)</source>
        <translation>
            <numerusform>%Ln event</numerusform>
            <numerusform>%Ln events</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%1 of %Ln event(s)</source>
        <translation>
            <numerusform>%1 of %Ln event</numerusform>
            <numerusform>%1 of %Ln events</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="+407"/>
        <source>&amp;Delete %n events…</source>
        <translation>
            <numerusform>&amp;Delete %n event…</numerusform>
            <numerusform>&amp;Delete %n events…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncBanner</name>
    <message numerus="yes">
        <location filename="../ui/syncbanner.cpp" line="+62"/>
        <source>retrying in %n s</source>
        <translation>
            <numerusform>retrying in %n s</numerusform>
            <numerusform>retrying in %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>retrying in %n min</source>
        <translation>
            <numerusform>retrying in %n min</numerusform>
            <numerusform>retrying in %n min</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message numerus="yes">
        <location filename="../ui/syncstatusbar.cpp" line="+82"/>
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n row</numerusform>
            <numerusform>%n rows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+28"/>
        <source>%n min ago</source>
        <translation>
            <numerusform>%n min ago</numerusform>
            <numerusform>%n min ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n hour(s) ago</source>
        <translation>
            <numerusform>%n hour ago</numerusform>
            <numerusform>%n hours ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n day ago</numerusform>
            <numerusform>%n days ago</numerusform>
        </translation>
    </message>
</context>
</TS>
