#include "apptranslations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QTranslator>

Q_LOGGING_CATEGORY(lcTranslations, "deltadesk.app.translations")

namespace {
const QString ownDirectory = QStringLiteral(":/i18n");

bool installFrom(QCoreApplication *app,
                 const QLocale &language,
                 const QString &catalogue,
                 const QString &directory)
{
    auto *translator = new QTranslator(app);
    if (!translator->load(language, catalogue, QStringLiteral("_"), directory)
        || !QCoreApplication::installTranslator(translator)) {
        delete translator;
        return false;
    }
    return true;
}
} // namespace

QString AppTranslations::install(QCoreApplication *app, const QLocale &locale)
{
    // Walked by hand rather than by QTranslator::load(locale, ...): that
    // skips a preferred English (LANGUAGE=en_GB:de) because it has no file
    // and would load the next language instead.
    // English is the sources' language; its catalogue has only the plural
    // forms ("1 row", "2 rows" for "%n row(s)"). It is the fallback too.
    const auto english = [app] {
        if (!installFrom(app, QLocale(QLocale::English), QStringLiteral("deltadesk"), ownDirectory))
            qCWarning(lcTranslations) << "no English plural forms in" << ownDirectory;
        return QString();
    };
    for (const QString &name : locale.uiLanguages()) {
        const QLocale language(name);
        if (language.language() == QLocale::English || language.language() == QLocale::C)
            return english();
        if (!installFrom(app, language, QStringLiteral("deltadesk"), ownDirectory))
            continue;
        // Qt's texts in the same language only: a window half in German and
        // half in another language is worse than one in English.
        const QString qtDirectory = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
        if (!installFrom(app, language, QStringLiteral("qtbase"), qtDirectory))
            qCWarning(lcTranslations) << "no Qt translation for" << name << "in" << qtDirectory;
        return QLocale::languageToCode(language.language());
    }
    return english();
}
