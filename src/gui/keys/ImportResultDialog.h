#pragma once

#include "ImportController.h"

#include <QDialog>

#include <memory>

namespace Ui {
class ImportResultDialog;
}

namespace egb {

/// What an import did: keys added, duplicates and rejected lines (file, line, masked text, why).
class ImportResultDialog : public QDialog
{
    Q_OBJECT
public:
    static constexpr int MaxListedIssues = 5000; ///< a longer list is cut (the counts stay exact)

    ImportResultDialog(const QList<ImportedSource>& sources, bool cancelled, QWidget* parent = nullptr);
    ~ImportResultDialog() override;

    int addedCount() const { return m_added; }
    int duplicateCount() const { return m_duplicates; }
    int rejectedCount() const { return m_rejected; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();

    std::unique_ptr<Ui::ImportResultDialog> m_ui;
    QStringList m_errors;
    int m_unlisted = 0;
    bool m_cancelled = false;
    int m_added = 0;
    int m_duplicates = 0;
    int m_rejected = 0;
};

} // namespace egb
