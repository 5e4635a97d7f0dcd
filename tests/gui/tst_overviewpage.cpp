#include "AppSettings.h"
#include "IsolatedSettings.h"
#include "KeyPool.h"
#include "OverviewPage.h"
#include "RequestHistory.h"
#include "Translations.h"

#include <QChartView>
#include <QLabel>
#include <QLineSeries>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>

using namespace egb;

namespace {
// Key-shaped test secrets made at run time: "AIza" + 35 characters derived from the index.
QString testSecret(int i)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    QString s = QStringLiteral("AIza");
    quint64 x = quint64(i) * 0x9E3779B97F4A7C15ull + 12345;
    for (int c = 0; c < 35; ++c) {
        x ^= x >> 29;
        x *= 0xBF58476D1CE4E5B9ull;
        s += QLatin1Char(alphabet[(x >> 32) % 64]);
    }
    return s;
}

ApiKey makeKey(int i, KeyStatus status = KeyStatus::Active, int consecutive = 0, qint64 total = 0)
{
    ApiKey k;
    k.secret = testSecret(i);
    k.status = status;
    k.consecutiveFailures = consecutive;
    k.totalFailures = total;
    return k;
}

constexpr qint64 Now = 1'790'000'057'000; // 57 s into a minute
} // namespace

class TestOverviewPage : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_config;
    qint64 m_now = Now;

    std::unique_ptr<KeyPool> makePool()
    {
        auto pool = std::make_unique<KeyPool>();
        pool->setClock([this] { return m_now; });
        pool->setChangeInterval(10);
        return pool;
    }
    static QString text(OverviewPage& page, const char* name)
    {
        QLabel* label = page.findChild<QLabel*>(QString::fromLatin1(name));
        return label ? label->text() : QStringLiteral("<no %1>").arg(QString::fromLatin1(name));
    }
    static QLineSeries* series(OverviewPage& page, const char* name)
    {
        auto* view = page.findChild<QChartView*>(QStringLiteral("requestsChartView"));
        if (!view)
            return nullptr;
        const QList<QAbstractSeries*> all = view->chart()->series();
        for (QAbstractSeries* s : all)
            if (s->objectName() == QLatin1String(name))
                return qobject_cast<QLineSeries*>(s);
        return nullptr;
    }
    // Ten keys: six active, two cooling for another minute, two disabled.
    static void addMixedKeys(KeyPool& pool)
    {
        QList<ApiKey> keys;
        for (int i = 0; i < 6; ++i)
            keys.append(makeKey(i));
        for (int i = 6; i < 8; ++i) {
            ApiKey k = makeKey(i, KeyStatus::CoolingDown, 1, 1);
            k.cooldownUntilMs = Now + 60'000;
            keys.append(k);
        }
        for (int i = 8; i < 10; ++i)
            keys.append(makeKey(i, KeyStatus::Disabled, 1, 1));
        pool.addKeys(keys);
    }

private Q_SLOTS:
    void initTestCase()
    {
        Q_INIT_RESOURCE(resources); // egb_gui is a static library: its icons need an explicit start
        QVERIFY(m_config.isValid());
        egb::test::isolateSettings(m_config.path(), QStringLiteral("tst_overviewpage"));
    }

    void init()
    {
        QSettings().clear();
        m_now = Now;
    }

    void totalsShowTheStateOfThePool()
    {
        auto pool = makePool();
        addMixedKeys(*pool);
        RequestHistory history;
        AppSettings settings;
        OverviewPage page(pool.get(), &history, &settings);
        QCOMPARE(text(page, "totalKeysValue"), QStringLiteral("10"));
        QCOMPARE(text(page, "availableKeysValue"), QStringLiteral("6"));
        QCOMPARE(text(page, "coolingKeysValue"), QStringLiteral("2"));
        QCOMPARE(text(page, "disabledKeysValue"), QStringLiteral("2"));
        QCOMPARE(text(page, "availableShareValue"), QStringLiteral("60%"));
        QVERIFY(!page.isWarningShown()); // 60 % is above the default 50 %
    }

    void totalsFollowThePoolLive()
    {
        auto pool = makePool();
        addMixedKeys(*pool);
        RequestHistory history;
        AppSettings settings;
        OverviewPage page(pool.get(), &history, &settings);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));

        pool->disable({pool->at(0).id, pool->at(1).id});
        QTRY_COMPARE(text(page, "disabledKeysValue"), QStringLiteral("4"));
        QCOMPARE(text(page, "availableKeysValue"), QStringLiteral("4"));
        QCOMPARE(text(page, "availableShareValue"), QStringLiteral("40%"));

        pool->addSecrets({testSecret(100), testSecret(101)});
        QTRY_COMPARE(text(page, "totalKeysValue"), QStringLiteral("12"));
        QCOMPARE(text(page, "availableKeysValue"), QStringLiteral("6"));

        // A cooldown running out is a change too.
        m_now = Now + 61'000;
        pool->pick();
        QTRY_COMPARE(text(page, "coolingKeysValue"), QStringLiteral("0"));
        QCOMPARE(text(page, "availableKeysValue"), QStringLiteral("8"));
    }

    void emptyPoolShowsNoShare()
    {
        auto pool = makePool();
        RequestHistory history;
        AppSettings settings;
        OverviewPage page(pool.get(), &history, &settings);
        QCOMPARE(text(page, "totalKeysValue"), QStringLiteral("0"));
        QVERIFY(!text(page, "availableShareValue").contains(QLatin1Char('%')));
        QVERIFY(!page.isWarningShown()); // nothing to warn about before the first import
    }

    void bannerWarnsBelowTheThresholdFromSettings()
    {
        auto pool = makePool();
        addMixedKeys(*pool);
        RequestHistory history;
        AppSettings settings;
        OverviewPage page(pool.get(), &history, &settings);
        page.show();
        QVERIFY(!page.isWarningShown());
        auto* banner = page.findChild<QWidget*>(QStringLiteral("availabilityBanner"));
        QVERIFY(banner);
        QVERIFY(!banner->isVisible());

        pool->disable({pool->at(0).id, pool->at(1).id, pool->at(2).id}); // 3 of 10 left
        QTRY_VERIFY(page.isWarningShown());
        QVERIFY(banner->isVisible());
        const QString message = text(page, "availabilityBannerText");
        QVERIFY2(message.contains(QStringLiteral("30%")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("50%")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("Keys page")), qPrintable(message));

        settings.setAvailabilityThresholdPercent(25); // the person accepts less
        QVERIFY(!page.isWarningShown());
        settings.setAvailabilityThresholdPercent(80);
        QVERIFY(page.isWarningShown());
        settings.setAvailabilityThresholdPercent(0); // "never warn"
        QVERIFY(!page.isWarningShown());
        settings.setAvailabilityThresholdPercent(50);
        QVERIFY(page.isWarningShown());

        pool->enable(pool->ids()); // everything back
        QTRY_VERIFY(!page.isWarningShown());
        QVERIFY(!banner->isVisible());
    }

    void chartShowsAttemptsPerMinuteOfTheLastHour()
    {
        auto pool = makePool();
        addMixedKeys(*pool);
        RequestHistory history;
        AppSettings settings;
        history.record(OutcomeClass::Success, Now - 10 * 60'000, 7);
        history.record(OutcomeClass::RateLimited, Now - 10 * 60'000, 2);
        history.record(OutcomeClass::Success, Now, 4);
        history.record(OutcomeClass::KeyInvalid, Now, 1);
        history.record(OutcomeClass::ServerError, Now, 3);
        history.record(OutcomeClass::RequestError, Now, 5);
        history.record(OutcomeClass::Success, Now - 61 * 60'000, 99); // too old: not shown
        OverviewPage page(pool.get(), &history, &settings);
        page.refreshNow();

        QLineSeries* success = series(page, "successSeries");
        QLineSeries* rateLimited = series(page, "rateLimitedSeries");
        QLineSeries* keyInvalid = series(page, "keyInvalidSeries");
        QLineSeries* serverError = series(page, "serverErrorSeries");
        QVERIFY(success && rateLimited && keyInvalid && serverError);
        QCOMPARE(success->count(), 60);
        QCOMPARE(success->at(59).y(), 4.0);
        QCOMPARE(success->at(49).y(), 7.0);
        QCOMPARE(rateLimited->at(49).y(), 2.0);
        QCOMPARE(keyInvalid->at(59).y(), 1.0);
        QCOMPARE(serverError->at(59).y(), 3.0);
        double sum = 0;
        for (int i = 0; i < success->count(); ++i)
            sum += success->at(i).y();
        QCOMPARE(sum, 11.0);
        // x is the start of each minute, the newest last.
        QCOMPARE(qint64(success->at(59).x()), RequestHistory::minuteOf(Now) * 60'000);
        QCOMPARE(qint64(success->at(0).x()), (RequestHistory::minuteOf(Now) - 59) * 60'000);

        const QString summary = text(page, "hourSummaryLabel");
        QVERIFY2(summary.contains(QStringLiteral("attempts 22")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("succeeded 11 (50.0%)")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("request error 5")), qPrintable(summary));
    }

    void chartUpdatesLiveWhileVisible()
    {
        auto pool = makePool();
        addMixedKeys(*pool);
        RequestHistory history;
        AppSettings settings;
        OverviewPage page(pool.get(), &history, &settings);
        page.setRefreshInterval(100);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QLineSeries* success = series(page, "successSeries");
        QVERIFY(success);
        QCOMPARE(success->at(59).y(), 0.0);

        history.record(OutcomeClass::Success, Now, 3);
        QTRY_COMPARE(success->at(59).y(), 3.0);

        // The hour moves on with the clock even when nothing new is recorded.
        m_now = Now + 2 * 60'000;
        QTRY_COMPARE(success->at(57).y(), 3.0);
        QCOMPARE(success->at(59).y(), 0.0);
    }

    void worstKeysAreListedWorstFirstAndMasked()
    {
        auto pool = makePool();
        QList<ApiKey> keys;
        for (int i = 0; i < 30; ++i)
            keys.append(makeKey(i)); // never failed: not listed
        keys.append(makeKey(30, KeyStatus::Active, 2, 50));
        keys.append(makeKey(31, KeyStatus::Disabled, 5, 5));
        keys.append(makeKey(32, KeyStatus::Active, 2, 80));  // same streak as 30, more in total: above it
        keys.append(makeKey(33, KeyStatus::Active, 0, 500)); // recovered: below every current streak
        keys[31].lastError = QStringLiteral("API key not valid. Please pass a valid API key.");
        keys[31].lastHttpStatus = 400;
        for (int i = 34; i < 50; ++i)
            keys.append(makeKey(i, KeyStatus::Active, 1, i)); // more than ten failing keys in all
        pool->addKeys(keys);

        RequestHistory history;
        AppSettings settings;
        OverviewPage page(pool.get(), &history, &settings);
        page.refreshNow();
        auto* table = page.findChild<QTableWidget*>(QStringLiteral("topFailuresTable"));
        QVERIFY(table);
        QCOMPARE(table->rowCount(), OverviewPage::TopCount);
        QCOMPARE(table->item(0, 0)->text(), ApiKey::mask(testSecret(31)));
        QCOMPARE(table->item(1, 0)->text(), ApiKey::mask(testSecret(32)));
        QCOMPARE(table->item(2, 0)->text(), ApiKey::mask(testSecret(30)));
        QCOMPARE(table->item(3, 0)->text(), ApiKey::mask(testSecret(49))); // streak 1, most in total
        QCOMPARE(table->item(0, 3)->text(), QStringLiteral("5"));
        QCOMPARE(table->item(0, 2)->text(), QStringLiteral("Disabled"));
        QVERIFY(table->item(0, 5)->text().contains(QStringLiteral("API key not valid")));
        QVERIFY(table->item(0, 5)->text().contains(QStringLiteral("400")));
        // A secret never appears in full.
        for (int r = 0; r < table->rowCount(); ++r)
            for (int c = 0; c < table->columnCount(); ++c)
                QVERIFY(!table->item(r, c)->text().contains(QStringLiteral("AIza")) ||
                        table->item(r, c)->text().size() < 20);
    }

    void theFailingKeysFollowALanguageSwitch()
    {
        // Issue 19: after a live language switch the list's statuses stayed English.
        auto pool = std::make_unique<KeyPool>();
        pool->addKeys({makeKey(1, KeyStatus::Disabled, 3, 3), makeKey(2, KeyStatus::Active, 1, 1)});
        RequestHistory history;
        AppSettings settings;
        OverviewPage page(pool.get(), &history, &settings);
        page.refreshNow();
        auto* table = page.findChild<QTableWidget*>(QStringLiteral("topFailuresTable"));
        QCOMPARE(table->item(0, 2)->text(), QStringLiteral("Disabled"));
        Translations::apply(UiLanguage::SimplifiedChinese);
        QCoreApplication::sendPostedEvents(&page, QEvent::LanguageChange);
        page.show(); // shown after the switch (it was hidden meanwhile): up to date at once
        const QString chinese = table->item(0, 2)->text();
        const QString active = table->item(1, 2)->text();
        Translations::apply(UiLanguage::English);
        QCoreApplication::sendPostedEvents(&page, QEvent::LanguageChange);
        QVERIFY2(chinese != QStringLiteral("Disabled") && !chinese.isEmpty(), qPrintable(chinese));
        QVERIFY2(active != QStringLiteral("Active"), qPrintable(active));
    }

    void noFailuresShowsAHintInsteadOfATable()
    {
        auto pool = makePool();
        pool->addSecrets({testSecret(1), testSecret(2)});
        RequestHistory history;
        AppSettings settings;
        OverviewPage page(pool.get(), &history, &settings);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        auto* table = page.findChild<QTableWidget*>(QStringLiteral("topFailuresTable"));
        auto* hint = page.findChild<QLabel*>(QStringLiteral("noFailuresLabel"));
        QVERIFY(table && hint);
        QVERIFY(!table->isVisible());
        QVERIFY(hint->isVisible());

        Outcome fault = Outcome::failure(OutcomeClass::ServerError, 503, QStringLiteral("The model is overloaded."));
        pool->report(pool->at(1).id, fault);
        page.setRefreshInterval(100);
        QTRY_VERIFY(table->isVisible());
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(table->item(0, 0)->text(), ApiKey::mask(testSecret(2)));
        QVERIFY(table->item(0, 5)->text().contains(QStringLiteral("overloaded")));
        QVERIFY(!hint->isVisible());
    }

    void worstRowsMatchesAFullSortOnALargePool()
    {
        auto pool = makePool();
        QRandomGenerator rng(42);
        QList<ApiKey> keys;
        keys.reserve(100'000);
        for (int i = 0; i < 100'000; ++i)
            keys.append(makeKey(i, KeyStatus::Active, int(rng.bounded(4)), qint64(rng.bounded(1000))));
        pool->addKeys(keys);

        const QList<int> top = OverviewPage::worstRows(*pool, 10);
        QVector<int> all(pool->size());
        std::iota(all.begin(), all.end(), 0);
        std::sort(all.begin(), all.end(), [&](int a, int b) {
            const ApiKey& x = pool->at(a);
            const ApiKey& y = pool->at(b);
            if (x.consecutiveFailures != y.consecutiveFailures)
                return x.consecutiveFailures > y.consecutiveFailures;
            if (x.totalFailures != y.totalFailures)
                return x.totalFailures > y.totalFailures;
            return a < b;
        });
        QCOMPARE(top, QList<int>(all.begin(), all.begin() + 10));
        QCOMPARE(OverviewPage::worstRows(*pool, 0), QList<int>());
    }

    void theWholePoolIsScannedOnlyWhenVisibleAndChanged()
    {
        auto pool = makePool();
        addMixedKeys(*pool);
        RequestHistory history;
        AppSettings settings;
        OverviewPage page(pool.get(), &history, &settings);
        page.setRefreshInterval(100);
        const int initial = page.topScanCount();

        // Hidden: changes are noted, nothing is scanned.
        QSignalSpy changed(pool.get(), &KeyPool::keysChanged);
        for (int i = 0; i < 5; ++i) {
            pool->report(pool->at(i).id, Outcome::failure(OutcomeClass::ServerError, 500, QStringLiteral("boom")));
            QVERIFY(changed.wait());
        }
        QCOMPARE(page.topScanCount(), initial);
        auto* timer = page.findChild<QTimer*>();
        QVERIFY(timer);
        QVERIFY(!timer->isActive()); // no refresh timer runs for a page nobody sees

        // Shown: one scan brings the list up to date ...
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QCOMPARE(page.topScanCount(), initial + 1);
        // ... and idle timer ticks do not scan again while nothing changes.
        QVERIFY(timer->isActive());
        QSignalSpy tick(timer, &QTimer::timeout);
        QVERIFY(tick.wait());
        QVERIFY(tick.wait());
        QCOMPARE(page.topScanCount(), initial + 1);

        pool->report(pool->at(5).id, Outcome::failure(OutcomeClass::ServerError, 500, QStringLiteral("boom")));
        QTRY_COMPARE(page.topScanCount(), initial + 2);

        page.hide();
        pool->report(pool->at(5).id, Outcome::failure(OutcomeClass::ServerError, 500, QStringLiteral("boom")));
        QVERIFY(changed.wait());
        QVERIFY(!timer->isActive()); // hidden again: the timer stopped, so no scan can come
        QCOMPARE(page.topScanCount(), initial + 2);
    }
};

QTEST_MAIN(TestOverviewPage)
#include "tst_overviewpage.moc"
