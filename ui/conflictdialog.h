#pragma once

// Mine against theirs, field by field, after someone else changed the event
// I am editing (a 412, or the editor's "changed on the server" banner).
// One row per top-level field that differs: its label, my value and theirs
// in local formats (dates, status words, client and tariff by name, money
// with the currency; line items and staffing summarised), and a choice per
// row. The default is mine where I changed the field, theirs otherwise, as
// a three-way merge would take it. merged() is what "Save merged" sends;
// the editor sends it over their version. Opened with open(), never exec().

#include <QDialog>
#include <QJsonObject>
#include <QStringList>

class NameLookup;
class QButtonGroup;
class QGridLayout;

class ConflictDialog : public QDialog
{
    Q_OBJECT
public:
    // base: the fields as the editor opened them; mine: the form's fields;
    // theirs: the server's current document.
    ConflictDialog(NameLookup *lookup,
                   const QJsonObject &base,
                   const QJsonObject &mine,
                   const QJsonObject &theirs,
                   QWidget *parent = nullptr);

    // The event fields the dialog compares, in the form's order.
    static const QStringList &fieldNames();

    QStringList differingFields() const { return m_fields; }
    // The texts of a differing field's row as shown.
    QString mineText(const QString &field) const;
    QString theirsText(const QString &field) const;
    bool takesMine(const QString &field) const;
    void setTakeMine(const QString &field, bool mine);

    qint64 theirVersion() const;
    // The event as it will be saved: theirs, with my value where chosen.
    QJsonObject merged() const;

private:
    void addRow(int row, const QString &field);
    QString display(const QString &field, const QJsonObject &doc) const;

    NameLookup *m_lookup;
    QJsonObject m_base;
    QJsonObject m_mine;
    QJsonObject m_theirs;
    QStringList m_fields;
    QList<QButtonGroup *> m_choices; // per differing field: id 0 mine, 1 theirs
    QStringList m_mineTexts;
    QStringList m_theirsTexts;
    QGridLayout *m_grid;
};
