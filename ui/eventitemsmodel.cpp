#include "eventitemsmodel.h"

#include "eventformat.h"
#include "namelookup.h"

#include <QLocale>

#include <cmath>

namespace {
const QLatin1String descriptionKey("description");
const QLatin1String quantityKey("quantity");
const QLatin1String amountKey("amountCents");
const QLatin1String userKey("userId");
const QLatin1String taskKey("task");
const QLatin1String hoursKey("hours");

// Whole numbers stay JSON integers, as the demo data and other clients
// write them.
QJsonValue number(double value)
{
    const double whole = std::round(value);
    if (std::abs(value - whole) < 1e-9 && std::abs(whole) < 9e15)
        return QJsonValue(qint64(whole));
    return QJsonValue(value);
}
} // namespace

EventItemsModel::EventItemsModel(Kind kind, NameLookup *lookup, QObject *parent)
    : QAbstractTableModel(parent)
    , m_kind(kind)
    , m_lookup(lookup)
{
    if (m_lookup && m_kind == Kind::Staffing) {
        connect(m_lookup, &NameLookup::namesChanged, this, [this](const QString &collection) {
            if (collection == QLatin1String("users") && !m_items.isEmpty())
                emit dataChanged(index(0, Person), index(rowCount() - 1, Person), {Qt::DisplayRole});
        });
    }
}

void EventItemsModel::setItems(const QJsonArray &items)
{
    beginResetModel();
    m_items.clear();
    for (const QJsonValue &v : items)
        m_items.append(v.toObject());
    endResetModel();
    emit totalChanged();
}

QJsonArray EventItemsModel::items() const
{
    QJsonArray out;
    for (const QJsonObject &o : m_items)
        out.append(o);
    return out;
}

void EventItemsModel::setCurrency(const QString &currency)
{
    if (currency == m_currency)
        return;
    m_currency = currency;
    if (m_kind == Kind::LineItems && !m_items.isEmpty())
        emit dataChanged(index(0, UnitPrice), index(rowCount() - 1, LineTotal), {Qt::DisplayRole});
    emit totalChanged();
}

qint64 EventItemsModel::totalCents() const
{
    qint64 total = 0;
    for (const QJsonObject &o : m_items)
        total += EventFormat::lineTotalCents(o);
    return total;
}

double EventItemsModel::totalHours() const
{
    double total = 0;
    for (const QJsonObject &o : m_items)
        total += o.value(hoursKey).toDouble();
    return total;
}

QString EventItemsModel::totalText() const
{
    if (m_kind == Kind::LineItems)
        return tr("Total: %1").arg(EventFormat::money(totalCents(), m_currency));
    return tr("Total: %1 hours").arg(EventFormat::hours(totalHours()));
}

int EventItemsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int EventItemsModel::columnCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return m_kind == Kind::LineItems ? int(LineItemColumns) : int(StaffingColumns);
}

QString EventItemsModel::personName(const QString &userId) const
{
    const QString name = m_lookup ? m_lookup->name(QStringLiteral("users"), userId) : QString();
    return name.isEmpty() ? userId : name;
}

QVariant EventItemsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject &o = m_items.at(index.row());
    const int c = index.column();
    if (role == Qt::TextAlignmentRole) {
        const bool numeric = m_kind == Kind::LineItems ? c != Description : c == Hours;
        return numeric ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    }
    if (role != Qt::DisplayRole && role != Qt::EditRole && role != UserIdRole)
        return {};
    const bool edit = role != Qt::DisplayRole;
    if (m_kind == Kind::LineItems) {
        switch (c) {
        case Description:
            return o.value(descriptionKey).toString();
        case Quantity:
            return edit ? QVariant(EventFormat::quantity(o))
                        : QVariant(QLocale().toString(EventFormat::quantity(o), 'g', 12));
        case UnitPrice:
            // Edited in units of the currency (12.50), stored in cents.
            return edit ? QVariant(double(EventFormat::unitCents(o)) / 100.0)
                        : QVariant(EventFormat::money(EventFormat::unitCents(o), m_currency));
        case LineTotal:
            return edit ? QVariant()
                        : EventFormat::money(EventFormat::lineTotalCents(o), m_currency);
        }
        return {};
    }
    switch (c) {
    case Person:
        return edit ? QVariant(o.value(userKey).toString())
                    : QVariant(personName(o.value(userKey).toString()));
    case Task:
        return o.value(taskKey).toString();
    case Hours:
        return edit ? QVariant(o.value(hoursKey).toDouble())
                    : QVariant(EventFormat::hours(o.value(hoursKey).toDouble()));
    }
    return {};
}

bool EventItemsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)
        || !(flags(index) & Qt::ItemIsEditable))
        return false;
    QJsonObject &o = m_items[index.row()];
    const int c = index.column();
    bool totals = false;
    if (m_kind == Kind::LineItems) {
        if (c == Description) {
            o.insert(descriptionKey, value.toString());
        } else if (c == Quantity) {
            o.insert(quantityKey, number(qMax(0.0, value.toDouble())));
            totals = true;
        } else if (c == UnitPrice) {
            o.insert(amountKey, qint64(std::llround(qMax(0.0, value.toDouble()) * 100.0)));
            totals = true;
        }
    } else {
        if (c == Person)
            o.insert(userKey, value.toString());
        else if (c == Task)
            o.insert(taskKey, value.toString());
        else if (c == Hours) {
            o.insert(hoursKey, number(qMax(0.0, value.toDouble())));
            totals = true;
        }
    }
    const int last = m_kind == Kind::LineItems && totals ? int(LineTotal) : c;
    emit dataChanged(index, this->index(index.row(), last), {Qt::DisplayRole, Qt::EditRole});
    if (totals)
        emit totalChanged();
    return true;
}

Qt::ItemFlags EventItemsModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (!(m_kind == Kind::LineItems && index.column() == LineTotal))
        f |= Qt::ItemIsEditable;
    return f;
}

QVariant EventItemsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (m_kind == Kind::LineItems) {
        switch (section) {
        case Description:
            return tr("Description");
        case Quantity:
            return tr("Qty");
        case UnitPrice:
            return tr("Unit price");
        case LineTotal:
            return tr("Total");
        }
        return {};
    }
    switch (section) {
    case Person:
        return tr("Person");
    case Task:
        return tr("Task");
    case Hours:
        return tr("Hours");
    }
    return {};
}

bool EventItemsModel::insertRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || row > rowCount() || count < 1)
        return false;
    beginInsertRows({}, row, row + count - 1);
    for (int i = 0; i < count; ++i) {
        const QJsonObject fresh
            = m_kind == Kind::LineItems
                  ? QJsonObject{{descriptionKey, QString()}, {quantityKey, 1}, {amountKey, 0}}
                  : QJsonObject{{userKey, QString()}, {taskKey, QString()}, {hoursKey, 0}};
        m_items.insert(row, fresh);
    }
    endInsertRows();
    emit totalChanged();
    return true;
}

bool EventItemsModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count < 1 || row + count > rowCount())
        return false;
    beginRemoveRows({}, row, row + count - 1);
    m_items.remove(row, count);
    endRemoveRows();
    emit totalChanged();
    return true;
}

bool EventItemsModel::moveRows(const QModelIndex &sourceParent,
                               int sourceRow,
                               int count,
                               const QModelIndex &destinationParent,
                               int destinationChild)
{
    if (sourceParent.isValid() || destinationParent.isValid() || count < 1 || sourceRow < 0
        || sourceRow + count > rowCount() || destinationChild < 0 || destinationChild > rowCount()
        || (destinationChild >= sourceRow && destinationChild <= sourceRow + count))
        return false;
    if (!beginMoveRows({}, sourceRow, sourceRow + count - 1, {}, destinationChild))
        return false;
    const QList<QJsonObject> moving = m_items.mid(sourceRow, count);
    m_items.remove(sourceRow, count);
    const int to = destinationChild > sourceRow ? destinationChild - count : destinationChild;
    for (int i = 0; i < count; ++i)
        m_items.insert(to + i, moving.at(i));
    endMoveRows();
    return true;
}
