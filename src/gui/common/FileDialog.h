#pragma once

#include <QFileDialog>
#include <QString>
#include <QStringList>

class QWidget;

namespace egb {

/// Every file chooser of the app goes through here, so that a test can choose without a window (the KeePassXC way):
/// setNextFileNames() makes the next chooser return those names at once, unshown (an empty list: as if cancelled),
/// and remembers its caption and folder (lastCaption(), lastDirectory()). Without one it is QFileDialog's.
class FileDialog
{
public:
    static QString getOpenFileName(QWidget* parent, const QString& caption, const QString& dir = {},
                                   const QString& filter = {});
    static QStringList getOpenFileNames(QWidget* parent, const QString& caption, const QString& dir = {},
                                        const QString& filter = {});
    static QString getSaveFileName(QWidget* parent, const QString& caption, const QString& dir = {},
                                   const QString& filter = {}, QFileDialog::Options options = {});

    /// Tests: the next chooser returns `names` (the first one where one name is asked for) without being shown.
    static void setNextFileNames(const QStringList& names);
    static void setNextFileName(const QString& name) { setNextFileNames({name}); }
    static void setNextCancelled() { setNextFileNames({}); }
    static bool hasNextFileNames();
    /// Tests: what the last chooser answered by setNextFileNames() was opened with.
    static QString lastCaption();
    static QString lastDirectory();
};

} // namespace egb
