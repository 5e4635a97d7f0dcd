// The Simplified Chinese translation is complete: every string of the sources is in the .ts file and translated,
// translations keep the placeholders (%1, %n) and accelerators of their source, and no user-visible literal in the
// GUI or the CLI skips tr(). The English file holds only plural forms ("%n key(s)" -> "%n key" / "%n keys"): every
// numerus string of the sources is in it with two forms and no "(s)" left. When this fails: run
// scripts/update-translations.sh, translate what is unfinished (Qt Linguist, translations/README.md has the glossary),
// or wrap the literal in tr().
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

namespace {

const QString sourceDir = QStringLiteral(EGB_SOURCE_DIR);
const QString tsFile = sourceDir + QStringLiteral("/translations/easy-gemini-balance_zh_CN.ts");
/// English: only the plural forms (lupdate -pluralonly), so "1 key" / "2 keys" instead of "key(s)".
const QString enTsFile = sourceDir + QStringLiteral("/translations/easy-gemini-balance_en.ts");

bool isPluralOnly(const QString& path)
{
    return path.endsWith(QLatin1String("_en.ts"));
}

void addTsFiles()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("zh_CN") << tsFile;
    QTest::newRow("en") << enTsFile;
}

struct TsMessage
{
    QString context;
    QString source;
    QString type; // "", "unfinished", "vanished", "obsolete"
    bool numerus = false;
    QStringList forms; // the translation, or its numerus forms
};

QList<TsMessage> readTs(const QString& path, QString* error)
{
    QList<TsMessage> messages;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot open %1: %2").arg(path, file.errorString());
        return messages;
    }
    QXmlStreamReader xml(&file);
    QString context;
    TsMessage message;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            if (name == QLatin1String("context"))
                context.clear();
            else if (name == QLatin1String("name") && context.isEmpty())
                context = xml.readElementText();
            else if (name == QLatin1String("message")) {
                message = TsMessage{};
                message.context = context;
                message.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
            } else if (name == QLatin1String("source"))
                message.source = xml.readElementText();
            else if (name == QLatin1String("translation")) {
                message.type = xml.attributes().value(QLatin1String("type")).toString();
                if (!message.numerus)
                    message.forms = {xml.readElementText()};
            } else if (name == QLatin1String("numerusform"))
                message.forms.append(xml.readElementText());
        } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
            messages.append(message);
        }
    }
    if (xml.hasError())
        *error = QStringLiteral("%1: XML error at line %2: %3").arg(path).arg(xml.lineNumber()).arg(xml.errorString());
    return messages;
}

bool isLive(const TsMessage& m)
{
    return m.type != QLatin1String("vanished") && m.type != QLatin1String("obsolete");
}

bool isUnfinished(const TsMessage& m)
{
    if (m.type == QLatin1String("unfinished") || m.forms.isEmpty())
        return true;
    for (const QString& form : m.forms) {
        if (form.trimmed().isEmpty())
            return true;
    }
    return false;
}

QString describe(const TsMessage& m)
{
    return QStringLiteral("  [%1] \"%2\"").arg(m.context, m.source.left(100));
}

QString report(const QStringList& lines, const QString& headline)
{
    const int shown = 40;
    QString text = headline + QLatin1Char('\n') + lines.mid(0, shown).join(QLatin1Char('\n'));
    if (lines.size() > shown)
        text += QStringLiteral("\n  … and %1 more").arg(lines.size() - shown);
    return text;
}

QSet<QString> placeholders(const QString& text)
{
    static const QRegularExpression re(QStringLiteral("%(?:L?[1-9][0-9]?|n)"));
    QSet<QString> found;
    for (auto it = re.globalMatch(text); it.hasNext();)
        found.insert(it.next().captured().remove(QLatin1Char('L')));
    return found;
}

bool hasAccelerator(const QString& text)
{
    static const QRegularExpression re(QStringLiteral("(?<!&)&(?!&)[^\\s&]"));
    return re.match(text).hasMatch();
}

// ---- the "literal that skips tr()" heuristic -------------------------------------------------------------------

/// Calls whose string argument a person reads. A bare literal in them skips translation.
const QRegularExpression& sinkCall()
{
    static const QRegularExpression re(QStringLiteral(
        "\\b(?:setText|setWindowTitle|setToolTip|setStatusTip|setWhatsThis|setPlaceholderText|setTitle|"
        "setLabelText|showMessage|setHeaderLabels?|setHorizontalHeaderLabels|addAction|addMenu|addTab|insertTab|"
        "setTabText|addItem|addItems|insertItem|setItemText|setPrefix|setSuffix|setSpecialValueText|"
        "setInformativeText|setDetailedText|setButtonText|setApplicationDescription|addPositionalArgument|"
        "setDescription|setAccessibleName|setAccessibleDescription|setFormat|addRow|setWindowIconText|"
        "getOpenFileName|getSaveFileName|getExistingDirectory|getText|getInt|getItem|"
        "QMessageBox::(?:warning|critical|information|question|about)|"
        "(?:QLabel|QPushButton|QCheckBox|QRadioButton|QGroupBox|QAction|QMenu|QToolButton|QCommandLineOption)"
        "(?:\\s+\\w+)?)\\s*[({]"));
    return re;
}

/// A string literal; capture 1 is its content.
const QRegularExpression& literal()
{
    static const QRegularExpression re(QStringLiteral("\"((?:[^\"\\\\]|\\\\.)*)\""));
    return re;
}

/// What a person reads rather than a name or a format: words with a space between them, or a capitalised word
/// ("Keys", " ms" but not "gemini-2.5-flash", "HH:mm", "zh_CN"); with `sentence`, only two words or more.
bool readsLikeText(const QString& text, bool sentence)
{
    static const QRegularExpression words(QStringLiteral("[A-Za-z]{2,} +[A-Za-z]{2,}"));
    static const QRegularExpression spaced(QStringLiteral("(?:^|\\s)[A-Za-z]{2,}|[A-Za-z]{2,}(?:\\s|$)"));
    static const QRegularExpression capitalised(QStringLiteral("(?:^|[^A-Za-z])[A-Z][a-z]+"));
    static const QRegularExpression identifier(QStringLiteral("^[A-Za-z0-9]*[_.:/-][A-Za-z0-9_.:/-]*$"));
    if (sentence)
        return words.match(text).hasMatch();
    if (identifier.match(text).hasMatch())
        return false;
    return (text.contains(QLatin1Char(' ')) && spaced.match(text).hasMatch()) || capitalised.match(text).hasMatch();
}

/// True when the literal starting at `pos` is an argument of tr()/translate()/QT_TR_NOOP, or is the context of one.
bool isTranslated(const QString& line, qsizetype pos)
{
    QString before = line.left(pos).trimmed();
    static const QRegularExpression translatedOpen(
        QStringLiteral("(?:\\btr|\\btranslate|QT_TR_NOOP|QT_TR_N_NOOP|QT_TRANSLATE_NOOP|QT_TRANSLATE_N_NOOP|qtTrId)"
                       "\\s*\\(\\s*$"));
    if (translatedOpen.match(before).hasMatch())
        return true;
    // translate("context", "text"): the text follows a context literal.
    static const QRegularExpression afterContext(
        QStringLiteral("(?:\\btranslate|QT_TRANSLATE_NOOP|QT_TRANSLATE_N_NOOP)\\s*\\(\\s*\"[^\"]*\"\\s*,\\s*$"));
    return afterContext.match(before).hasMatch();
}

/// Lines of `text` (a C++ file) where a user-visible literal skips tr(). A line holding the comment "notr" is exempt
/// (for product names, file-format names and the like).
QStringList untranslatedLiterals(const QString& text, const QString& fileName, bool cli)
{
    QStringList offenders;
    const QStringList lines = text.split(QLatin1Char('\n'));
    static const QRegularExpression notr(QStringLiteral("//.*\\bnotr\\b"), QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression logging(QStringLiteral("\\bq(?:Debug|Info|Warning|Critical|Fatal)\\s*\\(|\\bqC"
                                                           "(?:Debug|Info|Warning|Critical)\\s*\\("));
    static const QRegularExpression streamed(QStringLiteral("<<\\s*(?:QStringLiteral\\s*\\(\\s*|u)?\"$"));
    for (int i = 0; i < lines.size(); ++i) {
        QString line = lines.at(i);
        if (notr.match(line).hasMatch() || line.trimmed().startsWith(QLatin1String("//")) ||
            line.trimmed().startsWith(QLatin1Char('#')))
            continue;
        const auto sink = sinkCall().match(line);
        const bool isLogging = logging.match(line).hasMatch();
        for (auto it = literal().globalMatch(line); it.hasNext();) {
            const auto m = it.next();
            const qsizetype pos = m.capturedStart();
            const QString content = m.captured(1);
            if (isTranslated(line, pos))
                continue;
            bool bad = false;
            // A literal given to a call a person reads (after the call's opening parenthesis).
            if (sink.hasMatch() && pos > sink.capturedStart()) {
                const bool isOptionName =
                    line.mid(sink.capturedStart()).startsWith(QLatin1String("QCommandLineOption"));
                bad = readsLikeText(content, isOptionName);
            }
            // The CLI: a sentence streamed to the terminal.
            if (!bad && cli && !isLogging && streamed.match(line.left(pos + 1)).hasMatch())
                bad = readsLikeText(content, true);
            if (bad) {
                offenders.append(QStringLiteral("  %1:%2: %3").arg(fileName).arg(i + 1).arg(line.trimmed().left(140)));
                break;
            }
        }
    }
    return offenders;
}

} // namespace

class TestTsFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void committedTranslationIsComplete_data() { addTsFiles(); }
    void committedTranslationIsComplete()
    {
        QFETCH(QString, path);
        QString error;
        const QList<TsMessage> messages = readTs(path, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(!messages.isEmpty(), "the .ts file holds no message");
        QStringList unfinished;
        for (const TsMessage& m : messages) {
            if (isLive(m) && isUnfinished(m))
                unfinished.append(describe(m));
        }
        QVERIFY2(unfinished.isEmpty(),
                 qPrintable(report(unfinished, QStringLiteral("%1 unfinished translation(s) in %2; translate them "
                                                              "(linguist %2):")
                                                   .arg(unfinished.size())
                                                   .arg(path))));
    }

    void sourcesHaveNoStringMissingFromTheTranslation_data() { addTsFiles(); }
    void sourcesHaveNoStringMissingFromTheTranslation()
    {
        QFETCH(QString, path);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString copy = dir.filePath(QFileInfo(path).fileName());
        QVERIFY(QFile::copy(path, copy));
        QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
        QStringList args{QStringLiteral("-silent"),      QStringLiteral("-locations"),       QStringLiteral("none"),
                         QStringLiteral("-no-obsolete"), QStringLiteral("-source-language"), QStringLiteral("en")};
        if (isPluralOnly(path))
            args << QStringLiteral("-pluralonly");
        for (const QString& sub : {QStringLiteral("src"), QStringLiteral("ui")}) {
            if (QDir(sourceDir + QLatin1Char('/') + sub).exists())
                args << sourceDir + QLatin1Char('/') + sub;
        }
        args << QStringLiteral("-ts") << copy;
        QProcess lupdate;
        lupdate.setProcessChannelMode(QProcess::MergedChannels);
        lupdate.start(QStringLiteral(EGB_LUPDATE), args);
        QVERIFY2(lupdate.waitForFinished(120000), "lupdate did not finish");
        const QByteArray output = lupdate.readAll();
        QVERIFY2(lupdate.exitStatus() == QProcess::NormalExit && lupdate.exitCode() == 0, output.constData());

        QString error;
        const QList<TsMessage> messages = readTs(copy, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QStringList missing;
        for (const TsMessage& m : messages) {
            if (isLive(m) && isUnfinished(m))
                missing.append(describe(m));
        }
        QVERIFY2(missing.isEmpty(),
                 qPrintable(report(missing, QStringLiteral("%1 string(s) of the sources are new or changed and not "
                                                           "translated; run scripts/update-translations.sh and "
                                                           "translate them:")
                                                .arg(missing.size()))));
    }

    void translationsKeepPlaceholdersAndAccelerators_data() { addTsFiles(); }
    void translationsKeepPlaceholdersAndAccelerators()
    {
        QFETCH(QString, path);
        QString error;
        const QList<TsMessage> messages = readTs(path, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QStringList wrong;
        for (const TsMessage& m : messages) {
            if (!isLive(m) || isUnfinished(m))
                continue;
            QSet<QString> expected = placeholders(m.source);
            for (const QString& form : m.forms) {
                QSet<QString> got = placeholders(form);
                // A language with one plural form may leave the count out of a numerus form only if the source does.
                if (got != expected) {
                    wrong.append(describe(m) + QStringLiteral(" → \"%1\": placeholders differ").arg(form));
                    break;
                }
                if (hasAccelerator(m.source) && !hasAccelerator(form)) {
                    wrong.append(describe(m) + QStringLiteral(" → \"%1\": lost its &-accelerator").arg(form));
                    break;
                }
            }
        }
        QVERIFY2(wrong.isEmpty(), qPrintable(report(wrong, QStringLiteral("Translations that break their source:"))));
    }

    void englishHasASingularAndAPluralForEveryCount()
    {
        QString error;
        const QList<TsMessage> messages = readTs(enTsFile, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        int plurals = 0;
        QStringList wrong;
        for (const TsMessage& m : messages) {
            if (!isLive(m))
                continue;
            if (!m.numerus) {
                wrong.append(describe(m) + QStringLiteral(": not a plural; the English file holds only plurals"));
                continue;
            }
            ++plurals;
            if (m.forms.size() != 2) {
                wrong.append(describe(m) + QStringLiteral(": %1 forms, English has 2").arg(m.forms.size()));
                continue;
            }
            for (const QString& form : m.forms) {
                if (form.contains(QLatin1String("(s)")))
                    wrong.append(describe(m) + QStringLiteral(" → \"%1\": still says (s)").arg(form));
            }
            if (m.source.contains(QLatin1String("(s)")) && m.forms.at(0) == m.forms.at(1))
                wrong.append(describe(m) + QStringLiteral(": singular and plural are the same"));
        }
        QVERIFY2(plurals > 0, "the English file holds no plural form");
        QVERIFY2(wrong.isEmpty(),
                 qPrintable(report(wrong, QStringLiteral("English plural forms to fix in %1:").arg(enTsFile))));
    }

    void heuristicFindsLiteralsThatSkipTr_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<bool>("cli");
        QTest::addColumn<bool>("flagged");
        QTest::newRow("setText literal") << QStringLiteral("label->setText(\"Keys loaded\");") << false << true;
        QTest::newRow("setText QStringLiteral")
            << QStringLiteral("label->setText(QStringLiteral(\"Keys\"));") << false << true;
        QTest::newRow("setText tr") << QStringLiteral("label->setText(tr(\"Keys loaded\"));") << false << false;
        QTest::newRow("translate") << QStringLiteral(
                                          "b->setText(QCoreApplication::translate(\"egb::X\", \"Run all\"));")
                                   << false << false;
        QTest::newRow("message box") << QStringLiteral("QMessageBox::warning(this, tr(\"Oops\"), \"Could not save\");")
                                     << false << true;
        QTest::newRow("new QAction") << QStringLiteral("auto* a = new QAction(\"Import keys\", this);") << false
                                     << true;
        QTest::newRow("numbers only") << QStringLiteral("label->setText(QString::number(n) + \"%\");") << false
                                      << false;
        QTest::newRow("unit after number")
            << QStringLiteral("label->setText(QString::number(n) + \" ms\");") << false << true;
        QTest::newRow("exempt") << QStringLiteral("setWindowTitle(\"Easy Gemini Balance\"); // notr: product name")
                                << false << false;
        QTest::newRow("model name") << QStringLiteral("combo->addItem(QStringLiteral(\"gemini-2.5-flash\"));") << false
                                    << false;
        QTest::newRow("time format") << QStringLiteral("axis->setFormat(QStringLiteral(\"HH:mm\"));") << false << false;
        QTest::newRow("capitalised word") << QStringLiteral("tabs->addTab(page, \"Keys\");") << false << true;
        QTest::newRow("object name") << QStringLiteral("button->setObjectName(\"importButton\");") << false << false;
        QTest::newRow("option name") << QStringLiteral(
                                            "QCommandLineOption model(\"model\", tr(\"The model\"), \"name\");")
                                     << true << false;
        QTest::newRow("option description")
            << QStringLiteral("QCommandLineOption model(\"model\", \"The model to use\");") << true << true;
        QTest::newRow("cli sentence") << QStringLiteral("err << \"No key is available\" << Qt::endl;") << true << true;
        QTest::newRow("cli json key") << QStringLiteral("out << \"\\\"status\\\": \" << value;") << true << false;
        QTest::newRow("cli tr") << QStringLiteral("err << tr(\"No key is available\") << Qt::endl;") << true << false;
        QTest::newRow("gui logging") << QStringLiteral("qWarning() << \"pool flush failed\" << e;") << false << false;
    }

    void heuristicFindsLiteralsThatSkipTr()
    {
        QFETCH(QString, line);
        QFETCH(bool, cli);
        QFETCH(bool, flagged);
        QCOMPARE(!untranslatedLiterals(line, QStringLiteral("x.cpp"), cli).isEmpty(), flagged);
    }

    void guiAndCliHaveNoLiteralThatSkipsTr()
    {
        QStringList offenders;
        int files = 0;
        for (const QString& sub : {QStringLiteral("src/gui"), QStringLiteral("src/cli"), QStringLiteral("src/app"),
                                   QStringLiteral("src/service")}) {
            QDirIterator it(sourceDir + QLatin1Char('/') + sub, {QStringLiteral("*.cpp"), QStringLiteral("*.h")},
                            QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString path = it.next();
                QFile file(path);
                QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
                ++files;
                offenders +=
                    untranslatedLiterals(QString::fromUtf8(file.readAll()), QDir(sourceDir).relativeFilePath(path),
                                         sub == QLatin1String("src/cli"));
            }
        }
        qInfo("scanned %d source files", files);
        QVERIFY2(offenders.isEmpty(),
                 qPrintable(report(offenders, QStringLiteral("User-visible literals that skip tr() (wrap them in "
                                                             "tr(), or end the line with // notr: why):"))));
    }
};

QTEST_GUILESS_MAIN(TestTsFile)
#include "tst_tsfile.moc"
