#include "SettingsDialog.h"

#include "FileDialog.h"
#include "ui_SettingsDialog.h"

#include "KeyStore.h"
#include "ModelLimitsEditor.h"
#include "PgConnectionInfo.h"

#include "Translations.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>

namespace egb {

namespace {
QString normalisedModel(QString model)
{
    model = model.trimmed();
    if (model.startsWith(QLatin1String("models/")))
        model = model.mid(7);
    return model;
}
} // namespace

SettingsDialog::SettingsDialog(AppSettings* settings, QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SettingsDialog>())
    , m_settings(settings)
{
    m_ui->setupUi(this);

    m_ui->modelCombo->addItems({QStringLiteral("gemini-2.5-flash"), QStringLiteral("gemini-2.5-pro"),
                                QStringLiteral("gemini-2.5-flash-lite"), QStringLiteral("gemini-2.0-flash")});

    m_ui->timeoutSpin->setRange(AppSettings::MinTimeoutSec, AppSettings::MaxTimeoutSec);
    m_ui->timeoutSpin->setSuffix(tr(" s"));
    m_ui->retriesSpin->setRange(0, AppSettings::MaxRetries);
    m_ui->initialDelaySpin->setRange(0, AppSettings::MaxInitialDelayMs);
    m_ui->initialDelaySpin->setSingleStep(250);
    m_ui->initialDelaySpin->setSuffix(tr(" ms"));
    m_ui->backoffFactorSpin->setRange(AppSettings::MinBackoffFactor, AppSettings::MaxBackoffFactor);
    m_ui->backoffFactorSpin->setDecimals(2);
    m_ui->backoffFactorSpin->setSingleStep(0.25);
    m_ui->backoffFactorSpin->setPrefix(tr("×"));
    m_ui->deadlineSpin->setRange(AppSettings::MinDeadlineSec, AppSettings::MaxDeadlineSec);
    m_ui->deadlineSpin->setSuffix(tr(" s"));
    m_ui->deadlineSpin->setSingleStep(30);

    m_ui->strategyCombo->addItem(tr("Weighted by health (recommended)"),
                                 AppSettings::strategyName(SelectionStrategy::Weighted));
    m_ui->strategyCombo->addItem(tr("Round-robin (even spread)"),
                                 AppSettings::strategyName(SelectionStrategy::RoundRobin));
    m_ui->rpmSpin->setRange(0, AppSettings::MaxRpm);
    m_ui->rpmSpin->setSpecialValueText(tr("Unlimited"));
    m_ui->concurrencySpin->setRange(1, AppSettings::MaxConcurrency);
    m_ui->thresholdSpin->setRange(0, 100);
    m_ui->thresholdSpin->setSuffix(tr(" %"));
    m_ui->thresholdSpin->setSpecialValueText(tr("Never warn"));

    for (UiLanguage language : Translations::all())
        m_ui->languageCombo->addItem(Translations::displayName(language), Translations::code(language));

    m_limits = new ModelLimitsEditor(this);
    m_ui->mainLayout->insertWidget(m_ui->mainLayout->indexOf(m_ui->errorLabel), m_limits);

    m_overrideNote = new QLabel(this);
    m_overrideNote->setObjectName(QStringLiteral("overrideNote"));
    m_overrideNote->setWordWrap(true);
    m_overrideNote->hide();
    m_ui->mainLayout->insertWidget(m_ui->mainLayout->indexOf(m_ui->errorLabel), m_overrideNote);

    m_ui->errorLabel->setStyleSheet(QStringLiteral("QLabel { color: #c62828; font-weight: 600; }"));
    m_ui->errorLabel->hide();
    m_ui->languageNote->setStyleSheet(QStringLiteral("QLabel { color: palette(mid); }"));

    connect(m_ui->browseButton, &QPushButton::clicked, this, &SettingsDialog::browseDatabase);
    connect(m_ui->teamDatabaseButton, &QPushButton::clicked, this, &SettingsDialog::joinTeamDatabaseInteractive);
    m_ui->databaseEdit->setToolTip(tr("A file on this computer, or a team database: postgresql://user@host:5432/name"));
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(m_ui->buttonBox->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            &SettingsDialog::restoreDefaults);

    loadValues(m_settings ? m_settings->values() : AppSettings::defaults());
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::loadValues(const AppSettings::Values& v)
{
    m_ui->baseUrlEdit->setText(v.baseUrl.toString());
    m_ui->modelCombo->setCurrentText(v.defaultModel);
    m_ui->timeoutSpin->setValue(v.attemptTimeoutSec);
    m_ui->retriesSpin->setValue(v.maxRetries);
    m_ui->initialDelaySpin->setValue(v.initialDelayMs);
    m_ui->backoffFactorSpin->setValue(v.backoffFactor);
    m_ui->deadlineSpin->setValue(v.requestDeadlineSec);
    m_ui->strategyCombo->setCurrentIndex(
        std::max(0, m_ui->strategyCombo->findData(AppSettings::strategyName(v.strategy))));
    m_ui->rpmSpin->setValue(v.defaultRpm);
    m_limits->setLimits(v.modelLimits);
    m_ui->concurrencySpin->setValue(v.concurrency);
    m_ui->thresholdSpin->setValue(v.availabilityThresholdPercent);
    m_ui->databaseEdit->setText(QDir::toNativeSeparators(v.databasePath));
    m_ui->languageCombo->setCurrentIndex(std::max(0, m_ui->languageCombo->findData(v.language)));
}

AppSettings::Values SettingsDialog::currentValues() const
{
    AppSettings::Values v;
    v.baseUrl = QUrl(m_ui->baseUrlEdit->text().trimmed(), QUrl::StrictMode);
    v.defaultModel = normalisedModel(m_ui->modelCombo->currentText());
    v.attemptTimeoutSec = m_ui->timeoutSpin->value();
    v.maxRetries = m_ui->retriesSpin->value();
    v.initialDelayMs = m_ui->initialDelaySpin->value();
    v.backoffFactor = m_ui->backoffFactorSpin->value();
    v.requestDeadlineSec = m_ui->deadlineSpin->value();
    v.strategy =
        AppSettings::strategyFromName(m_ui->strategyCombo->currentData().toString(), SelectionStrategy::Weighted);
    v.defaultRpm = m_ui->rpmSpin->value();
    v.modelLimits = m_limits->limits().value_or(ModelLimits{});
    v.concurrency = m_ui->concurrencySpin->value();
    v.availabilityThresholdPercent = m_ui->thresholdSpin->value();
    v.databasePath = QDir::fromNativeSeparators(m_ui->databaseEdit->text().trimmed());
    v.language = m_ui->languageCombo->currentData().toString();
    return v;
}

QString SettingsDialog::validate(QWidget** focus) const
{
    auto fail = [focus](QWidget* widget, const QString& message) {
        if (focus)
            *focus = widget;
        return message;
    };
    const AppSettings::Values v = currentValues();
    const QString urlText = m_ui->baseUrlEdit->text().trimmed();

    if (urlText.isEmpty())
        return fail(m_ui->baseUrlEdit,
                    tr("Enter the API base URL, for example https://generativelanguage.googleapis.com "
                       "(Restore Defaults puts it back)."));
    if (!AppSettings::isValidBaseUrl(v.baseUrl))
        return fail(m_ui->baseUrlEdit,
                    tr("“%1” is not a usable API base URL. Enter a web address that starts with https:// (or "
                       "http://) and has a host name, without ?query or #fragment, for example "
                       "https://generativelanguage.googleapis.com.")
                        .arg(urlText));

    static const QRegularExpression modelPattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]*$"));
    if (v.defaultModel.isEmpty())
        return fail(m_ui->modelCombo, tr("Enter a default model, for example gemini-2.5-flash."));
    if (!modelPattern.match(v.defaultModel).hasMatch())
        return fail(m_ui->modelCombo,
                    tr("“%1” is not a model name. Model names hold only letters, digits, dots, dashes and "
                       "underscores, for example gemini-2.5-flash.")
                        .arg(v.defaultModel));

    QString limitsError;
    if (!m_limits->limits(&limitsError))
        return fail(m_limits, limitsError);

    if (v.requestDeadlineSec < v.attemptTimeoutSec)
        return fail(m_ui->deadlineSpin,
                    tr("The request deadline (%1 s) is shorter than the timeout of one attempt (%2 s), so a slow "
                       "answer could never arrive. Make the deadline longer or the timeout shorter.")
                        .arg(v.requestDeadlineSec)
                        .arg(v.attemptTimeoutSec));

    if (v.databasePath.isEmpty())
        return fail(m_ui->databaseEdit, tr("Enter where the key database is kept, or press Browse… to choose a file."));
    if (PgConnectionInfo::isUri(v.databasePath)) {
        QString error;
        if (!PgConnectionInfo::parse(v.databasePath, &error).isValid())
            return fail(m_ui->databaseEdit, tr("The team database's address is not valid: %1 Write it as "
                                               "postgresql://user@host:5432/name (add ?sslmode=require for TLS).")
                                                .arg(error));
        return {};
    }
    const QFileInfo db(v.databasePath);
    if (db.isRelative())
        return fail(m_ui->databaseEdit,
                    tr("“%1” is not a full path. Enter the whole path of the database file, or press Browse….")
                        .arg(QDir::toNativeSeparators(v.databasePath)));
    if (db.isDir())
        return fail(m_ui->databaseEdit,
                    tr("“%1” is a folder. Enter the path of a file inside it, for example %2.")
                        .arg(QDir::toNativeSeparators(v.databasePath),
                             QDir::toNativeSeparators(QDir(v.databasePath).filePath(QStringLiteral("keys.db")))));
    if (db.exists() && !db.isWritable())
        return fail(m_ui->databaseEdit, tr("The database file “%1” cannot be written. Choose a file you may change.")
                                            .arg(QDir::toNativeSeparators(v.databasePath)));
    // The nearest existing folder on the way must let us create the file (the store creates missing folders).
    QFileInfo folder(db.absolutePath());
    while (!folder.exists() && folder.absoluteFilePath() != folder.absolutePath())
        folder = QFileInfo(folder.absolutePath());
    if (!db.exists() && (!folder.isDir() || !folder.isWritable()))
        return fail(m_ui->databaseEdit,
                    tr("The folder “%1” does not let this application create files. Choose a database location "
                       "in a folder you may write to.")
                        .arg(QDir::toNativeSeparators(folder.absoluteFilePath())));
    return {};
}

QString SettingsDialog::errorText() const
{
    return m_ui->errorLabel->isVisibleTo(this) ? m_ui->errorLabel->text() : QString();
}

void SettingsDialog::showError(const QString& message)
{
    m_ui->errorLabel->setText(message);
    m_ui->errorLabel->setVisible(!message.isEmpty());
}

QWidget* SettingsDialog::fieldOf(const QString& name) const
{
    const QHash<QString, QWidget*> fields{
        {QStringLiteral("base-url"), m_ui->baseUrlEdit},
        {QStringLiteral("model"), m_ui->modelCombo},
        {QStringLiteral("timeout"), m_ui->timeoutSpin},
        {QStringLiteral("retries"), m_ui->retriesSpin},
        {QStringLiteral("initial-delay"), m_ui->initialDelaySpin},
        {QStringLiteral("backoff-factor"), m_ui->backoffFactorSpin},
        {QStringLiteral("deadline"), m_ui->deadlineSpin},
        {QStringLiteral("strategy"), m_ui->strategyCombo},
        {QStringLiteral("rpm"), m_ui->rpmSpin},
        {QStringLiteral("concurrency"), m_ui->concurrencySpin},
        {QStringLiteral("availability-threshold"), m_ui->thresholdSpin},
        {QStringLiteral("db"), m_ui->databaseEdit},
        {QStringLiteral("language"), m_ui->languageCombo},
    };
    return fields.value(name);
}

QString SettingsDialog::labelOf(const QString& name) const
{
    QWidget* field = fieldOf(name);
    if (!field)
        return name;
    const QList<QLabel*> labels = findChildren<QLabel*>();
    for (QLabel* label : labels) {
        if (label->buddy() == field) {
            QString text = label->text();
            text.remove(QRegularExpression(QStringLiteral("\\(&[A-Za-z]\\)"))); // "(&B)" of the Chinese labels
            text.remove(QRegularExpression(QStringLiteral("&(?!&)")));
            while (text.endsWith(u':') || text.endsWith(u'\uff1a') || text.endsWith(u' '))
                text.chop(1);
            return text;
        }
    }
    return name;
}

void SettingsDialog::setValuesInForce(const AppSettings::Values& inForce, const QHash<QString, QString>& overridden)
{
    m_inForce = inForce;
    m_overridden.clear();
    AppSettings::Values shown = currentValues();
    QStringList parts;
    for (const QString& name : AppSettings::names()) {
        QWidget* field = fieldOf(name);
        if (!field || !overridden.contains(name))
            continue;
        m_overridden.insert(name, overridden.value(name));
        AppSettings::setFromText(shown, name, AppSettings::textOf(inForce, name));
        parts << tr("%1 (from the %2)").arg(labelOf(name), overridden.value(name));
        field->setToolTip(tr("In use for this run, from the %1. A value you change here is saved and used from "
                             "now on.")
                              .arg(overridden.value(name)));
    }
    shown.modelLimits = currentValues().modelLimits;
    loadValues(shown);
    m_overrideNote->setText(parts.isEmpty() ? QString()
                                            : tr("Shown as in use, not as saved: %1. A value you change is saved and "
                                                 "replaces it from now on.")
                                                  .arg(parts.join(QStringLiteral(", "))));
    m_overrideNote->setVisible(!parts.isEmpty());
}

QString SettingsDialog::overrideNote() const
{
    return m_overrideNote->isVisible() ? m_overrideNote->text() : QString();
}

void SettingsDialog::accept()
{
    QWidget* focus = nullptr;
    const QString error = validate(&focus);
    if (!error.isEmpty()) {
        showError(error);
        if (focus)
            focus->setFocus(Qt::OtherFocusReason);
        return;
    }
    showError({});
    AppSettings::Values values = currentValues();
    // A password written in a team database's address is used for this session and never saved.
    if (PgConnectionInfo::isUri(values.databasePath)) {
        const PgConnectionInfo info = PgConnectionInfo::parse(values.databasePath);
        if (!info.password().isEmpty())
            KeyStore::setTeamPassword(info.password());
        values.databasePath = PgConnectionInfo::withoutPassword(values.databasePath);
    }
    if (m_settings) {
        // A value from outside the file that was left as it was stays out of the file.
        const AppSettings::Values saved = m_settings->values();
        for (auto it = m_overridden.cbegin(); it != m_overridden.cend(); ++it) {
            if (AppSettings::textOf(values, it.key()) == AppSettings::textOf(m_inForce, it.key()))
                AppSettings::setFromText(values, it.key(), AppSettings::textOf(saved, it.key()));
        }
    }
    const bool newLanguage = m_settings && values.language != m_settings->language();
    if (m_settings)
        m_settings->setValues(values);
    if (newLanguage)
        Translations::apply(Translations::fromCode(values.language)); // live; widgets retranslate on LanguageChange
    QDialog::accept();
}

void SettingsDialog::joinTeamDatabaseInteractive()
{
    const QString current = m_ui->databaseEdit->text().trimmed();
    bool ok = false;
    const QString uri =
        QInputDialog::getText(this, tr("Team database"),
                              tr("The team database's address, as your administrator gave it:\n"
                                 "postgresql://user@host:5432/name (add ?sslmode=require for TLS).\n"
                                 "A password in it is kept for this session only; without one, ~/.pgpass or "
                                 "PGPASSWORD is used, or you are asked when the app opens the database."),
                              QLineEdit::Normal,
                              PgConnectionInfo::isUri(current) ? current : QStringLiteral("postgresql://"), &ok)
            .trimmed();
    if (ok && !uri.isEmpty())
        joinTeamDatabase(uri);
}

bool SettingsDialog::joinTeamDatabase(const QString& uri)
{
    QString error;
    const PgConnectionInfo info = PgConnectionInfo::parse(uri, &error);
    if (!info.isValid()) {
        showError(tr("The team database's address is not valid: %1").arg(error));
        return false;
    }
    if (!info.password().isEmpty())
        KeyStore::setTeamPassword(info.password());
    m_ui->databaseEdit->setText(PgConnectionInfo::withoutPassword(uri));
    showError({});
    return true;
}

void SettingsDialog::restoreDefaults()
{
    loadValues(AppSettings::defaults());
    showError({});
}

void SettingsDialog::browseDatabase()
{
    const QString current = QDir::fromNativeSeparators(m_ui->databaseEdit->text().trimmed());
    const QString path = FileDialog::getSaveFileName(
        this, tr("Key database location"), current.isEmpty() ? AppSettings::defaults().databasePath : current,
        tr("SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)"), QFileDialog::DontConfirmOverwrite);
    if (!path.isEmpty())
        m_ui->databaseEdit->setText(QDir::toNativeSeparators(path));
}

} // namespace egb
