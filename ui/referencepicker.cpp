#include "referencepicker.h"

#include "cacherowbuilder.h"
#include "namelookup.h"

#include <QCompleter>
#include <QLineEdit>

#include <algorithm>

namespace {
constexpr int maxEntries = 5000;
constexpr int visibleEntries = 12; // a popup, not a wall taller than the screen
} // namespace

ReferencePicker::ReferencePicker(NameLookup *lookup,
                                 const QString &collection,
                                 const QString &none,
                                 QWidget *parent)
    : QComboBox(parent)
    , m_lookup(lookup)
    , m_collection(collection)
    , m_none(none)
{
    setEditable(true);
    setInsertPolicy(QComboBox::NoInsert);
    setMaxVisibleItems(visibleEntries);
    setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    setMinimumContentsLength(24);
    auto *completer = new QCompleter(model(), this);
    completer->setCompletionMode(QCompleter::PopupCompletion);
    completer->setFilterMode(Qt::MatchContains);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setMaxVisibleItems(visibleEntries);
    setCompleter(completer);
    // A chosen entry is shown from its start: the name, not the tail of a
    // long "name — company, email" line.
    connect(this, &QComboBox::currentIndexChanged, this, [this] {
        if (lineEdit())
            lineEdit()->setCursorPosition(0);
    });
    refill();
    setCurrentId({});
    if (m_lookup) {
        connect(m_lookup, &NameLookup::namesChanged, this, [this](const QString &c) {
            if (c == m_collection)
                refill();
        });
    }
}

QString ReferencePicker::entryText(const QString &id) const
{
    const QString name = m_lookup ? m_lookup->name(m_collection, id) : QString();
    if (name.isEmpty())
        return id;
    const QStringList details = m_lookup->details(m_collection, id);
    return details.isEmpty() ? name : tr("%1 — %2").arg(name, details.join(QLatin1String(", ")));
}

void ReferencePicker::refill()
{
    const bool chosen = hasChoice();
    const QString current = currentId();
    const QString typed = currentText();
    clear();
    if (!m_none.isEmpty())
        addItem(m_none, QString());
    if (m_lookup) {
        struct Entry
        {
            QString key, text, id;
        };
        QList<Entry> entries;
        const QHash<QString, QString> names = m_lookup->names(m_collection);
        for (auto it = names.cbegin(); it != names.cend(); ++it)
            entries.append({CacheRowBuilder::naturalKey(*it), entryText(it.key()), it.key()});
        // As the tables sort names: case-insensitive, numbers by value.
        std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
            return a.key != b.key ? a.key < b.key : a.id < b.id;
        });
        if (entries.size() > maxEntries)
            entries.resize(maxEntries);
        for (const Entry &e : std::as_const(entries))
            addItem(e.text, e.id);
    }
    if (chosen) {
        setCurrentId(current);
    } else {
        setCurrentIndex(-1);
        setEditText(typed); // half-typed search text survives a refill
    }
}

QString ReferencePicker::currentId() const
{
    return hasChoice() ? itemData(currentIndex()).toString() : QString();
}

bool ReferencePicker::hasChoice() const
{
    const int index = currentIndex();
    return index >= 0 && currentText() == itemText(index);
}

void ReferencePicker::setCurrentId(const QString &id)
{
    if (id.isEmpty()) {
        setCurrentIndex(m_none.isEmpty() ? -1 : 0);
        return;
    }
    int index = findData(id);
    if (index < 0) {
        addItem(id, id); // not in the cache (yet): keep it
        index = count() - 1;
    }
    setCurrentIndex(index);
}

void ReferencePicker::setPlaceholder(const QString &text)
{
    setPlaceholderText(text);
    if (lineEdit())
        lineEdit()->setPlaceholderText(text);
}
