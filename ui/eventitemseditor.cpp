#include "eventitemseditor.h"

#include "eventitemsmodel.h"
#include "referencepicker.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace {
// The person of a staffing row, chosen among the users by name.
class PersonDelegate : public QStyledItemDelegate
{
public:
    PersonDelegate(NameLookup *lookup, QObject *parent)
        : QStyledItemDelegate(parent)
        , m_lookup(lookup)
    {}

    QWidget *createEditor(QWidget *parent,
                          const QStyleOptionViewItem &,
                          const QModelIndex &) const override
    {
        auto *picker = new ReferencePicker(m_lookup, QStringLiteral("users"), {}, parent);
        picker->setPlaceholder(QObject::tr("Choose a person…"));
        return picker;
    }
    void setEditorData(QWidget *editor, const QModelIndex &index) const override
    {
        static_cast<ReferencePicker *>(editor)->setCurrentId(index.data(Qt::EditRole).toString());
    }
    void setModelData(QWidget *editor,
                      QAbstractItemModel *model,
                      const QModelIndex &index) const override
    {
        const QString id = static_cast<ReferencePicker *>(editor)->currentId();
        if (!id.isEmpty())
            model->setData(index, id);
    }

private:
    NameLookup *m_lookup;
};
} // namespace

EventItemsEditor::EventItemsEditor(EventItemsModel *model, NameLookup *lookup, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_view(new QTableView(this))
    , m_total(new QLabel(this))
    , m_add(new QPushButton(tr("&Add"), this))
    , m_remove(new QPushButton(tr("Re&move"), this))
    , m_up(new QPushButton(tr("Move &up"), this))
    , m_down(new QPushButton(tr("Move do&wn"), this))
{
    m_model->setParent(this);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                            | QAbstractItemView::AnyKeyPressed);
    m_view->verticalHeader()->setVisible(false);
    m_view->setTabKeyNavigation(false);
    QHeaderView *header = m_view->horizontalHeader();
    header->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < m_model->columnCount(); ++c)
        header->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    if (m_model->kind() == EventItemsModel::Kind::Staffing) {
        m_view->setItemDelegateForColumn(EventItemsModel::Person, new PersonDelegate(lookup, this));
        header->setSectionResizeMode(EventItemsModel::Person, QHeaderView::Stretch);
        header->setSectionResizeMode(EventItemsModel::Task, QHeaderView::Stretch);
    }
    m_total->setObjectName(QStringLiteral("total"));
    m_total->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    QFont bold = m_total->font();
    bold.setBold(true);
    m_total->setFont(bold);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addWidget(m_up);
    buttons->addWidget(m_down);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_view);
    layout->addWidget(m_total); // a line of its own: never squeezed by the buttons
    layout->addLayout(buttons);

    connect(m_add, &QPushButton::clicked, this, &EventItemsEditor::addRow);
    connect(m_remove, &QPushButton::clicked, this, &EventItemsEditor::removeCurrent);
    connect(m_up, &QPushButton::clicked, this, [this] { moveCurrent(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { moveCurrent(1); });
    const auto updateTotal = [this] { m_total->setText(m_model->totalText()); };
    connect(m_model, &EventItemsModel::totalChanged, this, updateTotal);
    updateTotal();
    connect(m_view->selectionModel(),
            &QItemSelectionModel::currentChanged,
            this,
            &EventItemsEditor::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &EventItemsEditor::updateButtons);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &EventItemsEditor::updateButtons);
    connect(m_model, &QAbstractItemModel::rowsMoved, this, &EventItemsEditor::updateButtons);
    updateButtons();
}

int EventItemsEditor::currentRow() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? current.row() : -1;
}

void EventItemsEditor::updateButtons()
{
    const int row = currentRow();
    m_remove->setEnabled(row >= 0);
    m_up->setEnabled(row > 0);
    m_down->setEnabled(row >= 0 && row < m_model->rowCount() - 1);
}

void EventItemsEditor::addRow()
{
    const int row = currentRow() < 0 ? m_model->rowCount() : currentRow() + 1;
    if (!m_model->insertRows(row, 1))
        return;
    const QModelIndex first = m_model->index(row, 0);
    m_view->setCurrentIndex(first);
    m_view->scrollTo(first);
    m_view->setFocus(Qt::OtherFocusReason);
    m_view->edit(first);
    updateButtons();
}

void EventItemsEditor::removeCurrent()
{
    QList<int> rows;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        rows.append(index.row());
    if (rows.isEmpty() && currentRow() >= 0)
        rows.append(currentRow());
    std::sort(rows.begin(), rows.end(), std::greater<int>()); // bottom up: rows stay valid
    for (int row : std::as_const(rows))
        m_model->removeRows(row, 1);
    updateButtons();
}

void EventItemsEditor::moveCurrent(int delta)
{
    const int row = currentRow();
    const int to = row + delta;
    if (row < 0 || to < 0 || to >= m_model->rowCount())
        return;
    // moveRows takes the row to insert before: one further when moving down.
    if (!m_model->moveRows({}, row, 1, {}, delta > 0 ? to + 1 : to))
        return;
    m_view->setCurrentIndex(m_model->index(to, m_view->currentIndex().column()));
    updateButtons();
}
