#pragma once

// The desktop app's language: DeltaDesk's own catalogue (deltadesk_<lang>.qm,
// built into the program under :/i18n from translations/*.ts) and Qt's
// (qtbase_<lang>.qm from Qt's translations folder: the standard buttons,
// the context menus of line edits), in the system's user-interface language.

#include <QString>

class QCoreApplication;
class QLocale;

namespace AppTranslations {

// Installs the translators (children of app) for the first of
// locale.uiLanguages() that DeltaDesk is translated into, and returns that
// language ("de", "es"), or an empty string for English, the source
// language, which needs no file. Call before any window or dialog is made:
// texts are translated when the widgets are built.
QString install(QCoreApplication *app, const QLocale &locale);

} // namespace AppTranslations
