#include "ScreenshotHelper.h"

#include "AboutDialog.h"
#include "AccessTokenStore.h"
#include "AppContext.h"
#include "BatchHistoryDialog.h"
#include "BatchPage.h"
#include "BatchRunStore.h"
#include "ChatPage.h"
#include "ConversationStore.h"
#include "KeyFile.h"
#include "KeyPool.h"
#include "KeysPage.h"
#include "MainWindow.h"
#include "ProxyHost.h"
#include "ProxyPage.h"
#include "ProxyRequestModel.h"
#include "RequestHistory.h"
#include "SettingsDialog.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QLinearGradient>
#include <QPainter>
#include <QPixmap>
#include <QScopeGuard>
#include <QSize>
#include <QSpinBox>
#include <QTableView>
#include <QTimer>

#include <cmath>
#include <cstdio>

namespace egb {

bool ScreenshotHelper::startFromEnvironment(MainWindow* window)
{
    const QString page = qEnvironmentVariable("EGB_SCREENSHOT_PAGE");
    const QString output = qEnvironmentVariable("EGB_SCREENSHOT_OUT");
    if (!window || page.isEmpty() || output.isEmpty())
        return false;
    auto* helper = new ScreenshotHelper(window, page, output, window);
    const QString seedFile = qEnvironmentVariable("EGB_SCREENSHOT_SEED");
    if (!seedFile.isEmpty())
        helper->seed(seedFile);
    bool ok = false;
    const int delay = qEnvironmentVariableIntValue("EGB_SCREENSHOT_DELAY_MS", &ok);
    helper->start(ok && delay >= 0 ? delay : 1500);
    return true;
}

ScreenshotHelper::ScreenshotHelper(MainWindow* window, QString page, QString output, QObject* parent)
    : QObject(parent)
    , m_window(window)
    , m_page(std::move(page))
    , m_output(std::move(output))
{}

int ScreenshotHelper::seed(const QString& keyFile)
{
    KeyPool* pool = m_window ? m_window->pool() : nullptr;
    if (!pool)
        return 0;
    // The demo health below is not traffic: keep it out of the chart, which gets its own hour further down.
    RequestHistory* chartHistory = pool->requestHistory();
    pool->setRequestHistory(nullptr);
    const auto restoreHistory = qScopeGuard([pool, chartHistory] { pool->setRequestHistory(chartHistory); });
    const ImportResult result = KeyFile::importInto(*pool, keyFile, QStringLiteral("demo"));
    if (!result.ok) {
        std::fprintf(stderr, "screenshot: cannot import %s: %s\n", qPrintable(keyFile),
                     qPrintable(result.error)); // notr: developer output and demo data
        return 0;
    }
    const QStringList groups{QStringLiteral("project-a"), QStringLiteral("project-b"), QStringLiteral("free-tier")};
    const QStringList labels{QStringLiteral("team"), QStringLiteral("ci"), QStringLiteral("personal"),
                             QStringLiteral("batch"), QString()};
    const Outcome invalid = Outcome::failure(
        OutcomeClass::KeyInvalid, 400,
        QStringLiteral("API key not valid. Please pass a valid API key.")); // notr: developer output and demo data
    const Outcome overloaded = Outcome::failure(
        OutcomeClass::ServerError, 503,
        QStringLiteral("The model is overloaded. Please try again later.")); // notr: developer output and demo data
    for (int i = 0; i < result.addedIds.size(); ++i) {
        const qint64 id = result.addedIds.at(i);
        pool->setGroup(id, groups.at(i % groups.size()));
        pool->setLabel(id, labels.at((i / 3) % labels.size()));
        for (int s = 0; s < 3 + (i * 7) % 40; ++s)
            pool->report(id, Outcome::success(300 + (i * 37) % 900));
        if (i % 11 == 3) {
            pool->report(id, invalid);
        } else if (i % 6 == 1) {
            Outcome limited = Outcome::failure(
                OutcomeClass::RateLimited, 429,
                QStringLiteral(
                    "You exceeded your current quota, please check your plan and billing details.")); // notr: developer
                                                                                                      // output and demo
                                                                                                      // data
            limited.googleStatus = QStringLiteral("RESOURCE_EXHAUSTED");
            limited.retryDelayMs = 20'000 + (i * 9'973) % 600'000;
            pool->report(id, limited);
        } else if (i % 5 == 2) {
            for (int f = 0; f <= (i / 5) % 4; ++f)
                pool->report(id, overloaded);
        }
    }

    // An hour of traffic: a steady load with a rush of 429s about twenty minutes ago and a short outage.
    if (RequestHistory* history = m_window->history()) {
        const qint64 now = pool->now();
        for (int m = 59; m >= 0; --m) {
            const qint64 t = now - qint64(m) * RequestHistory::MinuteMs;
            const double wave = std::sin(m / 6.0);
            const int success = int(42 + 14 * wave + (m * 13) % 7);
            const int rush = (m >= 18 && m <= 24) ? 18 - 3 * std::abs(m - 21) : 0;
            history->record(OutcomeClass::Success, t, success);
            history->record(OutcomeClass::RateLimited, t, 2 + rush + (m % 4 == 0 ? 3 : 0));
            history->record(OutcomeClass::ServerError, t, (m >= 40 && m <= 42) ? 9 : (m % 9 == 0 ? 2 : 0));
            history->record(OutcomeClass::KeyInvalid, t, m % 17 == 5 ? 2 : 0);
            history->record(OutcomeClass::RequestError, t, m % 13 == 0 ? 1 : 0);
        }
    }
    seedWork();
    return int(result.addedIds.size());
}

ChatAttachment ScreenshotHelper::demoPhoto()
{
    // A painted landscape stands in for a photo: a blue sky over green hills, a sun.
    QImage image(480, 320, QImage::Format_RGB32);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    QLinearGradient sky(0, 0, 0, 320);
    sky.setColorAt(0, QColor(0x1e, 0x5a, 0xc8));
    sky.setColorAt(0.7, QColor(0x8c, 0xc4, 0xf0));
    painter.fillRect(image.rect(), sky);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(0xff, 0xe0, 0x6a));
    painter.drawEllipse(QPointF(380, 80), 38, 38);
    painter.setBrush(QColor(0x4f, 0x9a, 0x4a));
    painter.drawEllipse(QPointF(120, 360), 260, 130);
    painter.setBrush(QColor(0x3b, 0x7d, 0x3a));
    painter.drawEllipse(QPointF(400, 380), 240, 120);
    painter.end();
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    ChatAttachment photo;
    photo.name = QStringLiteral("hills.png"); // notr: demo data
    photo.mimeType = QStringLiteral("image/png");
    photo.data = png;
    return photo;
}

void ScreenshotHelper::seedWork()
{
    AppContext* context = m_window->context();
    KeyPool* pool = m_window->pool();
    if (!context || !pool || pool->size() < 2)
        return;
    const QString first = pool->at(0).masked();
    const QString second = pool->at(1).masked();
    if (ConversationStore* chats = context->conversations()) {
        Conversation c;
        c.title = QStringLiteral("Why is the sky blue?"); // notr: demo data
        c.model = QStringLiteral("gemini-2.5-flash");
        const qint64 id = chats->create(c);
        ChatMessage question;
        question.role = QStringLiteral("user");
        question.text = QStringLiteral("Why is the sky in my photo so blue? Show the formula in Python."); // notr
        question.attachments = {demoPhoto()};
        chats->appendMessage(id, question);
        ChatMessage answer;
        answer.role = QStringLiteral("model");
        answer.model = c.model;
        answer.text =
            QStringLiteral("Sunlight scatters off air molecules, and **short wavelengths scatter far "  // notr
                           "more** (Rayleigh scattering goes as 1/λ⁴), so blue light reaches your eye " // notr
                           "from every part of the sky.\n\n```python\ndef rayleigh(wavelength_nm):\n"   // notr
                           "    return 1 / wavelength_nm ** 4\n\n"                                      // notr
                           "print(rayleigh(450) / rayleigh(700))  # blue vs red: ~5.9\n```");           // notr
        answer.keyMasked = second;
        answer.attempts = 2;
        answer.attemptNote = QStringLiteral("key %1 rate-limited (429), retried with %2").arg(first, second); // notr
        answer.latencyMs = 1840;
        answer.usage = TokenUsage{14, 96, 212, 322};
        answer.finishReason = QStringLiteral("STOP");
        chats->appendMessage(id, answer);
        if (auto* chat = m_window->findChild<ChatPage*>())
            chat->openConversation(id);
    }
    if (BatchRunStore* runs = context->batchRuns()) {
        QStringList prompts;
        const QStringList products{QStringLiteral("desk lamp"), QStringLiteral("rain jacket"),    // notr: demo data
                                   QStringLiteral("coffee grinder"), QStringLiteral("yoga mat")}; // notr: demo data
        for (int i = 0; i < 40; ++i)
            prompts << QStringLiteral("Write a 20-word product description for a %1 (item %2)") // notr: demo data
                           .arg(products.at(i % products.size()))
                           .arg(i + 1);
        BatchRun run;
        run.title = QStringLiteral("product-descriptions.csv"); // notr: demo data
        run.model = QStringLiteral("gemini-2.5-flash");
        run.concurrency = 8;
        run.state = BatchRun::State::Finished;
        const qint64 runId = runs->createRun(run, prompts);
        QList<BatchItem> items;
        for (int i = 0; i < prompts.size(); ++i) {
            BatchItem it;
            it.index = i;
            it.prompt = prompts.at(i);
            it.attempts = i % 7 == 3 ? 2 : 1;
            it.keyMasked = pool->at(i % pool->size()).masked();
            it.latencyMs = 700 + (i * 131) % 1400;
            if (i == 17 || i == 31) {
                it.status = BatchItem::Status::Error;
                it.error = QStringLiteral("The prompt was blocked (SAFETY); sending it again will not help."); // notr
                it.errorKind = QStringLiteral("blocked");
            } else {
                it.status = BatchItem::Status::Ok;
                it.text = QStringLiteral("A %1 that simply works: sturdy, light and made to last, ready for " // notr
                                         "every day from the first minute.")                                  // notr
                              .arg(products.at(i % products.size()));
                it.usage = TokenUsage{18, 30, 0, 48};
            }
            items << it;
        }
        runs->saveResults(runId, items);
        runs->setState(runId, BatchRun::State::Finished);
        // A run of egb batch that stopped half-way: the history offers to resume it.
        BatchRun nightly = run;
        nightly.title = QStringLiteral("nightly-eval.jsonl"); // notr: demo data
        nightly.model = QStringLiteral("gemini-2.5-pro");
        nightly.settings.source = QLatin1String(BatchRunSettings::SourceCli);
        const qint64 nightlyId = runs->createRun(nightly, prompts);
        runs->saveResults(nightlyId, items.mid(0, 25));
        runs->setState(nightlyId, BatchRun::State::Paused);
        if (auto* batch = m_window->findChild<BatchPage*>())
            batch->openRun(runId);
    }
}

void ScreenshotHelper::start(int delayMs)
{
    if (!m_window) {
        finish(4, QStringLiteral("no window")); // notr: developer output and demo data
        return;
    }
    QSize size(1280, 800);
    const QStringList requested = qEnvironmentVariable("EGB_SCREENSHOT_SIZE").split(u'x');
    if (requested.size() == 2 && requested.at(0).toInt() > 0 && requested.at(1).toInt() > 0)
        size = QSize(requested.at(0).toInt(), requested.at(1).toInt());
    m_window->resize(size);
    if (m_page == QLatin1String("settings")) {
        auto* dialog = new SettingsDialog(m_window->settings(), m_window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
        m_target = dialog;
    } else if (m_page == QLatin1String("history")) {
        // Batch → History… over the Batch page, with the demo run (seedWork) listed.
        m_window->showPage(QStringLiteral("batch"));
        auto* batch = m_window->findChild<BatchPage*>();
        auto* dialog = new BatchHistoryDialog(m_window->context()->batchRuns(), 0,
                                              batch ? static_cast<QWidget*>(batch) : m_window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
        m_target = dialog;
    } else if (m_page == QLatin1String("about")) {
        auto* dialog = new AboutDialog(m_window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
        m_target = dialog;
    } else if (m_window->showPage(m_page)) {
        m_target = m_window;
        if (m_page == QLatin1String("proxy"))
            seedProxy();
        if (m_page == QLatin1String("keys") && m_window->keysPage()->view()->model()->rowCount() > 1)
            m_window->keysPage()->view()->selectRow(1); // a key at a quota: the pane under the table shows it
    } else {
        finish(
            2,
            QStringLiteral(
                "no page named \"%1\"; the window has: %2, settings, history, about") // notr: developer output and demo
                                                                                      // data
                .arg(m_page, m_window->pageIds().join(QStringLiteral(", "))));
        return;
    }
    QTimer::singleShot(delayMs, this, &ScreenshotHelper::shoot);
    // A fail-safe: never leave a headless run hanging.
    QTimer::singleShot(delayMs + 30'000, this,
                       [this] { finish(4, QStringLiteral("timed out")); }); // notr: developer output and demo data
}

void ScreenshotHelper::seedProxy()
{
    ProxyPage* page = m_window->proxyPage();
    ProxyHost* host = m_window->proxy();
    KeyPool* pool = m_window->pool();
    if (!page || !host || !pool || pool->size() < 3)
        return;
    if (AccessTokenStore* tokens = host->tokens()) {
        tokens->add(QStringLiteral("laptop scripts")); // notr: demo data
        tokens->add(QStringLiteral("Cherry Studio"));  // notr: demo data
    }
    if (!page->startProxy()) { // the usual port is taken on this machine: any free one
        if (auto* port = page->findChild<QSpinBox*>(QStringLiteral("proxyPort")))
            port->setValue(0);
        page->startProxy();
    }
    // A few minutes of traffic from two tools (demo rows: nothing was sent anywhere).
    struct Demo
    {
        const char* method;
        const char* path;
        const char* model;
        int status;
        int attempts;
        int latencyMs;
        const char* error;
    };
    const Demo demo[] = {
        {"POST", "/v1beta/models/gemini-2.5-flash:generateContent", "gemini-2.5-flash", 200, 1, 812, ""},
        {"POST", "/v1beta/models/gemini-2.5-flash:streamGenerateContent", "gemini-2.5-flash", 200, 1, 2310, ""},
        {"POST", "/openai/v1/chat/completions", "gemini-2.5-pro", 200, 2, 4120, ""},
        {"GET", "/v1beta/models", "", 200, 1, 164, ""},
        {"POST", "/v1beta/models/gemini-embedding-001:embedContent", "gemini-embedding-001", 200, 1, 233, ""},
        {"POST", "/v1beta/models/gemini-2.5-flash:generateContent", "", 401, 0, 1,
         "This access token is not valid for the proxy."}, // notr: demo data
        {"POST", "/v1beta/models/gemini-2.5-flash:countTokens", "gemini-2.5-flash", 200, 1, 98, ""},
        {"POST", "/openai/v1/chat/completions", "gemini-2.5-flash", 200, 3, 1630, ""},
        {"POST", "/v1beta/models/gemini-2.5-pro:generateContent", "gemini-2.5-pro", 400, 1, 310,
         "Request contains an invalid argument."}, // notr: demo data
        {"POST", "/v1beta/models/gemini-2.5-flash:streamGenerateContent", "gemini-2.5-flash", 200, 1, 3050, ""},
    };
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    quint64 id = 1000;
    const int n = int(std::size(demo));
    for (int i = 0; i < n; ++i) {
        const Demo& d = demo[i];
        ProxyRequestRecord r;
        r.id = ++id;
        r.startedMs = now - qint64(n - i) * 17'000;
        r.method = QString::fromLatin1(d.method);
        r.path = QString::fromLatin1(d.path);
        r.model = QString::fromLatin1(d.model);
        r.finished = true;
        r.status = d.status;
        r.attempts = d.attempts;
        r.latencyMs = d.latencyMs;
        r.error = QString::fromLatin1(d.error);
        r.tokenId = d.status == 401 ? 0 : 1;
        if (d.attempts > 0)
            r.maskedKey = pool->at((i * 7) % pool->size()).masked();
        page->requestModel()->requestFinished(r);
    }
    // The last one is still on its way.
    ProxyRequestRecord running;
    running.id = ++id;
    running.startedMs = now - 800;
    running.method = QStringLiteral("POST");
    running.path = QStringLiteral("/v1beta/models/gemini-2.5-pro:streamGenerateContent");
    running.model = QStringLiteral("gemini-2.5-pro");
    page->requestModel()->requestStarted(running);
}

void ScreenshotHelper::shoot()
{
    if (!m_target) {
        finish(4, QStringLiteral("the page went away")); // notr: developer output and demo data
        return;
    }
    QDir().mkpath(QFileInfo(m_output).absolutePath());
    const QPixmap shot = m_target->grab();
    if (shot.isNull() || !shot.save(m_output, "PNG")) {
        finish(3, QStringLiteral("cannot write %1").arg(m_output)); // notr: developer output and demo data
        return;
    }
    finish(0, QStringLiteral("wrote %1 (%2x%3)").arg(m_output).arg(shot.width()).arg(shot.height()));
}

void ScreenshotHelper::finish(int code, const QString& message)
{
    std::fprintf(code == 0 ? stdout : stderr, "screenshot: %s\n",
                 qPrintable(message)); // notr: developer output and demo data
    if (m_target && m_target != m_window)
        m_target->close();
    // Deferred: exit() before the event loop runs would be lost.
    QTimer::singleShot(0, QCoreApplication::instance(), [code] { QCoreApplication::exit(code); });
}

} // namespace egb
