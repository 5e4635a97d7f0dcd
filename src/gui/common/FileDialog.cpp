#include "FileDialog.h"

#include <QFileDialog>

#include <optional>

namespace egb {

namespace {

struct Pending
{
    std::optional<QStringList> names;
    QString caption;
    QString directory;
};

Pending& pending()
{
    static Pending p; // GUI thread only
    return p;
}

/// The names a test set for this chooser, once; nullopt when the real dialog is to be shown.
std::optional<QStringList> take(const QString& caption, const QString& dir)
{
    Pending& p = pending();
    if (!p.names)
        return std::nullopt;
    std::optional<QStringList> names;
    names.swap(p.names);
    p.caption = caption;
    p.directory = dir;
    return names;
}

} // namespace

QString FileDialog::getOpenFileName(QWidget* parent, const QString& caption, const QString& dir, const QString& filter)
{
    if (const auto names = take(caption, dir))
        return names->value(0);
    return QFileDialog::getOpenFileName(parent, caption, dir, filter);
}

QStringList FileDialog::getOpenFileNames(QWidget* parent, const QString& caption, const QString& dir,
                                         const QString& filter)
{
    if (const auto names = take(caption, dir))
        return *names;
    return QFileDialog::getOpenFileNames(parent, caption, dir, filter);
}

QString FileDialog::getSaveFileName(QWidget* parent, const QString& caption, const QString& dir, const QString& filter,
                                    QFileDialog::Options options)
{
    if (const auto names = take(caption, dir))
        return names->value(0);
    return QFileDialog::getSaveFileName(parent, caption, dir, filter, nullptr, options);
}

void FileDialog::setNextFileNames(const QStringList& names)
{
    pending().names = names;
}

bool FileDialog::hasNextFileNames()
{
    return pending().names.has_value();
}

QString FileDialog::lastCaption()
{
    return pending().caption;
}

QString FileDialog::lastDirectory()
{
    return pending().directory;
}

} // namespace egb
