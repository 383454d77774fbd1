#pragma once

// An event's line items or staffing as an editable table, for the editor.
// Each row keeps the whole JSON object it was given, so keys this version
// does not show survive an edit; items() gives the array in the shape the
// server stores (quantity and hours stay integers when whole). Line items:
// description, quantity, unit price (amountCents) and the line total;
// staffing: the person (userId, shown by name), task and hours.

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>

class NameLookup;

class EventItemsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class Kind { LineItems, Staffing };
    enum LineItemColumn { Description, Quantity, UnitPrice, LineTotal, LineItemColumns };
    enum StaffingColumn { Person, Task, Hours, StaffingColumns };
    // Qt::EditRole of the person column is the user id; this role too.
    enum Role { UserIdRole = Qt::UserRole + 1 };

    EventItemsModel(Kind kind, NameLookup *lookup, QObject *parent = nullptr);

    Kind kind() const { return m_kind; }
    void setItems(const QJsonArray &items);
    QJsonArray items() const;
    // The currency amounts are shown in (ISO 4217 code; empty: plain number).
    void setCurrency(const QString &currency);
    QString currency() const { return m_currency; }

    qint64 totalCents() const; // line items
    double totalHours() const; // staffing
    // "Total: €1,234.00" / "Total: 36 hours", for the label under the table.
    QString totalText() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    bool insertRows(int row, int count, const QModelIndex &parent = {}) override;
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;
    bool moveRows(const QModelIndex &sourceParent,
                  int sourceRow,
                  int count,
                  const QModelIndex &destinationParent,
                  int destinationChild) override;

signals:
    void totalChanged();

private:
    QString personName(const QString &userId) const;

    Kind m_kind;
    NameLookup *m_lookup;
    QList<QJsonObject> m_items;
    QString m_currency;
};
