// KeyTableModel and KeyFilterModel over a live KeyPool: structure (QAbstractItemModelTester, fatal), live health,
// the coalesced-change rule, the cooldown countdown, raw-value sorting, search and status filters, editing.
#include "KeyDetailPane.h"
#include "KeyFilterModel.h"
#include "KeyPool.h"
#include "KeyTableModel.h"
#include "TestKeys.h"
#include "WeightBarDelegate.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QSignalSpy>
#include <QStyleOptionViewItem>
#include <QTableWidget>
#include <QTest>

#include <memory>

using namespace egb;
using egb::test::testKey;

namespace {
constexpr qint64 T0 = 1'790'000'000'000;

QStringList secrets(int from, int count)
{
    QStringList list;
    for (int i = from; i < from + count; ++i)
        list << testKey(i);
    return list;
}

Outcome serverError()
{
    return Outcome::failure(OutcomeClass::ServerError, 500, QStringLiteral("Internal error encountered."));
}

Outcome rateLimited(qint64 retryMs)
{
    Outcome o = Outcome::failure(OutcomeClass::RateLimited, 429, QStringLiteral("Resource has been exhausted."));
    o.googleStatus = QStringLiteral("RESOURCE_EXHAUSTED");
    o.retryDelayMs = retryMs;
    return o;
}
} // namespace

class TestKeyTableModel : public QObject
{
    Q_OBJECT
private:
    qint64 m_now = T0;
    std::unique_ptr<KeyPool> m_pool;

    QString cell(const QAbstractItemModel& model, int row, int column, int role = Qt::DisplayRole) const
    {
        return model.index(row, column).data(role).toString();
    }

private Q_SLOTS:
    void init()
    {
        m_now = T0;
        m_pool = std::make_unique<KeyPool>();
        m_pool->setClock([this] { return m_now; });
        m_pool->setChangeInterval(5);
    }
    void cleanup() { m_pool.reset(); }

    void theDetailPaneShowsEachModelsQuota()
    {
        // Issue 14: a detail pane per key lists each model's state, requests and tokens today, and the learned
        // limits, which it can forget.
        const QString pro = QStringLiteral("gemini-2.5-pro");
        const QString flash = QStringLiteral("gemini-2.5-flash");
        const QList<qint64> ids = m_pool->addSecrets(secrets(1, 2));
        m_pool->setGroup(ids.at(0), QStringLiteral("team-a"));
        const qint64 id = ids.at(0);
        const auto ok = [](const QString& model) {
            Outcome o = Outcome::success(10, TokenUsage{7, 3, 0, 10});
            o.model = model;
            return o;
        };
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(m_pool->pick(pro, {ids.at(1)}), id);
            m_pool->report(id, ok(pro));
            m_now += 100;
        }
        QCOMPARE(m_pool->pick(pro, {ids.at(1)}), id);
        Outcome limited = rateLimited(2'700);
        limited.model = pro;
        limited.quotaId = QStringLiteral("GenerateRequestsPerMinutePerProjectPerModel-FreeTier");
        limited.violations = {QuotaViolation{limited.quotaId, pro, 5}};
        m_pool->report(id, limited);
        QCOMPARE(m_pool->pick(flash, {ids.at(1)}), id);
        m_pool->report(id, ok(flash));

        KeyDetailPane pane(m_pool.get());
        pane.setKey(id);
        auto* table = pane.findChild<QTableWidget*>(QStringLiteral("keyDetailTable"));
        auto* title = pane.findChild<QLabel*>(QStringLiteral("keyDetailTitle"));
        auto* forget = pane.findChild<QPushButton*>(QStringLiteral("forgetLimitsButton"));
        QVERIFY(table && title && forget);
        QVERIFY2(title->text().contains(QStringLiteral("team-a")), qPrintable(title->text()));
        QCOMPARE(table->rowCount(), 2);
        int proRow = -1, flashRow = -1;
        for (int r = 0; r < 2; ++r)
            (table->item(r, KeyDetailPane::ModelColumn)->text() == pro ? proRow : flashRow) = r;
        QVERIFY(proRow >= 0 && flashRow >= 0);
        QVERIFY2(table->item(proRow, KeyDetailPane::StateColumn)->text().startsWith(QStringLiteral("resting")),
                 qPrintable(table->item(proRow, KeyDetailPane::StateColumn)->text()));
        QCOMPARE(table->item(flashRow, KeyDetailPane::StateColumn)->text(), QStringLiteral("available"));
        QCOMPARE(table->item(proRow, KeyDetailPane::RequestsColumn)->text(), QStringLiteral("4"));
        QCOMPARE(table->item(flashRow, KeyDetailPane::RequestsColumn)->text(), QStringLiteral("1"));
        QCOMPARE(table->item(flashRow, KeyDetailPane::TokensColumn)->text(), QStringLiteral("7"));
        QCOMPARE(table->item(proRow, KeyDetailPane::LearnedColumn)->text(), QStringLiteral("3 requests per 3.0 s"));
        QCOMPARE(table->item(flashRow, KeyDetailPane::LearnedColumn)->text(), QStringLiteral("none"));
        QVERIFY(forget->isEnabled());
        // The countdown moves, and the rest ends.
        m_now += 3'000;
        pane.refresh();
        QCOMPARE(table->item(proRow, KeyDetailPane::StateColumn)->text(), QStringLiteral("available"));
        // Forget the learned limit of the selected model only... (Flash has none, so: select Pro)
        table->selectRow(proRow);
        forget->click();
        QCOMPARE(m_pool->bucket(id, pro)->learnedLimit, 0);
        QCOMPARE(table->item(proRow, KeyDetailPane::LearnedColumn)->text(), QStringLiteral("none"));
        QVERIFY(!forget->isEnabled()); // nothing learned is left
        // No key: a hint.
        pane.setKey(0);
        QCOMPARE(table->rowCount(), 0);
        QVERIFY(title->text().contains(QStringLiteral("Select a key")));
    }

    void aDisabledKeysWeightBarIsGrey()
    {
        // Issue 19: a disabled key showed a green 100 % bar, as if it were the healthiest key in the pool.
        const QList<qint64> ids = m_pool->addSecrets(secrets(1, 2));
        m_pool->disable({ids.at(1)}, QStringLiteral("Disabled by you"));
        KeyTableModel model(m_pool.get());
        WeightBarDelegate delegate;
        const auto barColor = [&](int row) {
            QImage image(120, 24, QImage::Format_ARGB32);
            image.fill(Qt::white);
            QPainter painter(&image);
            QStyleOptionViewItem option;
            option.rect = image.rect();
            option.palette = QApplication::palette();
            delegate.paint(&painter, option, model.index(row, KeyTableModel::WeightColumn));
            painter.end();
            return image.pixelColor(10, 12); // inside the bar, left of the centred percentage
        };
        QCOMPARE(model.index(1, KeyTableModel::WeightColumn).data(KeyTableModel::SortRole).toDouble(), 1.0);
        QCOMPARE(barColor(0), WeightBarDelegate::colorFor(1.0));
        QCOMPARE(barColor(1), WeightBarDelegate::colorFor(1.0, true));
        QVERIFY(WeightBarDelegate::colorFor(1.0, true) != WeightBarDelegate::colorFor(1.0));
    }

    void testersFollowAddsReportsRemovesResets()
    {
        KeyTableModel model(m_pool.get());
        KeyFilterModel filter;
        filter.setSourceModel(&model);
        KeyFilterModel sorted;
        sorted.setSourceModel(&model);
        sorted.sort(KeyTableModel::WeightColumn, Qt::DescendingOrder);
        QAbstractItemModelTester t1(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QAbstractItemModelTester t2(&filter, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QAbstractItemModelTester t3(&sorted, QAbstractItemModelTester::FailureReportingMode::Fatal);

        QList<qint64> ids = m_pool->addSecrets(secrets(0, 10));
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(filter.rowCount(), 10);
        QCOMPARE(sorted.rowCount(), 10);
        ids += m_pool->addSecrets(secrets(10, 5));
        QCOMPARE(model.rowCount(), 15);

        for (int i = 0; i < 6; ++i)
            m_pool->report(ids.at(i), serverError());
        m_pool->report(ids.at(7), rateLimited(10'000));
        m_pool->flushChanges();
        filter.setStatusFilter(KeyStatus::CoolingDown);
        QCOMPARE(filter.rowCount(), 1);
        filter.setSearchText(QStringLiteral("zzzz-no-such-text"));
        QCOMPARE(filter.rowCount(), 0);
        filter.setSearchText({});
        filter.setStatusFilter(std::nullopt);
        QCOMPARE(filter.rowCount(), 15);
        sorted.refresh();

        m_pool->remove({ids.at(2), ids.at(3), ids.at(4)}); // one run: a ranged remove
        QCOMPARE(model.rowCount(), 12);
        QCOMPARE(sorted.rowCount(), 12);
        m_pool->remove({ids.at(0), ids.at(9), ids.at(14)}); // scattered: a reset
        QCOMPARE(model.rowCount(), 9);
        QCOMPARE(filter.rowCount(), 9);
        QCOMPARE(model.idAt(0), ids.at(1));

        std::vector<ApiKey> loaded;
        for (int i = 0; i < 4; ++i) {
            ApiKey k;
            k.id = 100 + i;
            k.secret = testKey(100 + i);
            k.weight = 0.25 * (i + 1);
            loaded.push_back(k);
        }
        m_pool->load(loaded);
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(sorted.rowCount(), 4);
        m_pool->addSecrets(secrets(200, 3));
        QCOMPARE(model.rowCount(), 7);
        m_pool->enable(m_pool->ids());
        m_pool->flushChanges();
        QCOMPARE(sorted.rowCount(), 7);
    }

    void healthReportReachesTheRow()
    {
        const QList<qint64> ids = m_pool->addSecrets(secrets(0, 3));
        KeyTableModel model(m_pool.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QCOMPARE(cell(model, 1, KeyTableModel::LastStatusColumn), QString());
        QCOMPARE(cell(model, 1, KeyTableModel::StatusColumn), QStringLiteral("Active"));

        m_pool->report(ids.at(1),
                       Outcome::failure(OutcomeClass::KeyInvalid, 400, QStringLiteral("API key not valid.")));
        QTRY_COMPARE(cell(model, 1, KeyTableModel::LastStatusColumn), QStringLiteral("400"));
        QCOMPARE(cell(model, 1, KeyTableModel::StatusColumn), QStringLiteral("Disabled"));
        QCOMPARE(cell(model, 1, KeyTableModel::LastErrorColumn), QStringLiteral("API key not valid."));
        QCOMPARE(cell(model, 1, KeyTableModel::FailuresColumn), QStringLiteral("1"));
        QCOMPARE(model.index(1, 0).data(KeyTableModel::StatusRole).toInt(), int(KeyStatus::Disabled));
        QCOMPARE(cell(model, 0, KeyTableModel::StatusColumn), QStringLiteral("Active"));
    }

    void changedRowsBecomeRangesOrOneWholeTableSignal()
    {
        const QList<qint64> ids = m_pool->addSecrets(secrets(0, 10));
        KeyTableModel model(m_pool.get());
        QSignalSpy spy(&model, &QAbstractItemModel::dataChanged);

        m_pool->report(ids.at(2), serverError());
        m_pool->report(ids.at(3), serverError());
        m_pool->report(ids.at(7), serverError());
        m_pool->flushChanges();
        QCOMPARE(spy.count(), 2); // rows 2-3 and row 7
        QCOMPARE(spy.at(0).at(0).toModelIndex().row(), 2);
        QCOMPARE(spy.at(0).at(1).toModelIndex().row(), 3);
        QCOMPARE(spy.at(1).at(0).toModelIndex().row(), 7);
        spy.clear();

        for (int i : {0, 2, 4, 6, 8, 9})
            m_pool->report(ids.at(i), Outcome::success(120));
        m_pool->flushChanges();
        QCOMPARE(spy.count(), 1); // more than half the rows: one signal for the whole table
        QCOMPARE(spy.at(0).at(0).toModelIndex(), model.index(0, 0));
        QCOMPARE(spy.at(0).at(1).toModelIndex(), model.index(9, KeyTableModel::ColumnCount - 1));
    }

    void cooldownCountsDown()
    {
        const QList<qint64> ids = m_pool->addSecrets(secrets(0, 4));
        KeyTableModel model(m_pool.get());
        model.setCountdownInterval(10);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        m_pool->report(ids.at(2), rateLimited(30'000));
        m_pool->flushChanges();
        QCOMPARE(cell(model, 2, KeyTableModel::StatusColumn), QStringLiteral("Cooling down"));
        QCOMPARE(cell(model, 2, KeyTableModel::CooldownColumn), QStringLiteral("30 s"));
        QCOMPARE(cell(model, 1, KeyTableModel::CooldownColumn), QString());

        QSignalSpy spy(&model, &QAbstractItemModel::dataChanged);
        m_now += 5'000;
        QTRY_VERIFY(!spy.isEmpty());
        // Only the cooling row's cooldown cell is refreshed by the countdown.
        QCOMPARE(spy.at(0).at(0).toModelIndex(), model.index(2, KeyTableModel::CooldownColumn));
        QCOMPARE(spy.at(0).at(1).toModelIndex(), model.index(2, KeyTableModel::CooldownColumn));
        QCOMPARE(cell(model, 2, KeyTableModel::CooldownColumn), QStringLiteral("25 s"));

        m_now += 25'000 + 1;
        QTRY_COMPARE(cell(model, 2, KeyTableModel::StatusColumn), QStringLiteral("Active"));
        QCOMPARE(cell(model, 2, KeyTableModel::CooldownColumn), QString());
        QCOMPARE(KeyTableModel::formatDuration(4 * 60'000 + 5'000), QStringLiteral("4 min 05 s"));
        QCOMPARE(KeyTableModel::formatDuration(2 * 3600'000 + 10 * 60'000), QStringLiteral("2 h 10 min"));
    }

    void aModelRestSaysWhichModelAndThatOthersAreServed()
    {
        KeyTableModel model(m_pool.get());
        const qint64 id = m_pool->addSecrets(secrets(0, 1)).value(0);
        Outcome limited = rateLimited(72'000);
        limited.model = QStringLiteral("gemini-2.5-pro");
        limited.violations = {QuotaViolation{QStringLiteral("GenerateRequestsPerMinutePerProjectPerModel-FreeTier"),
                                             QStringLiteral("gemini-2.5-pro"), 5}};
        m_pool->report(id, limited);
        QCOMPARE(cell(model, 0, KeyTableModel::StatusColumn),
                 QStringLiteral("Cooling for gemini-2.5-pro (1:12), available for others"));
        QCOMPARE(model.index(0, 0).data(KeyTableModel::StatusRole).toInt(), int(KeyStatus::Active));
        const QString details = cell(model, 0, KeyTableModel::StatusColumn, Qt::ToolTipRole);
        QVERIFY2(details.contains(QLatin1String("gemini-2.5-pro: cooling_down")), qPrintable(details));
        m_now += 72'000;
        QCOMPARE(cell(model, 0, KeyTableModel::StatusColumn), KeyTableModel::statusText(KeyStatus::Active));
    }

    void sortsOnRawValuesNotText()
    {
        std::vector<ApiKey> keys;
        const double weights[] = {1.0, 0.05, 0.7, 0.3};
        for (int i = 0; i < 4; ++i) {
            ApiKey k;
            k.id = i + 1;
            k.secret = testKey(i);
            k.weight = weights[i];
            k.totalSuccesses = (i == 2) ? 1000 : 9 * i; // "1000" sorts before "9" as text
            keys.push_back(k);
        }
        m_pool->load(keys);
        KeyTableModel model(m_pool.get());
        KeyFilterModel filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QCOMPARE(cell(model, 1, KeyTableModel::WeightColumn), QStringLiteral("5 %"));

        filter.sort(KeyTableModel::WeightColumn, Qt::AscendingOrder);
        QStringList order;
        for (int row = 0; row < filter.rowCount(); ++row)
            order << cell(filter, row, KeyTableModel::WeightColumn);
        QCOMPARE(order, (QStringList{"5 %", "30 %", "70 %", "100 %"}));

        filter.sort(KeyTableModel::SuccessesColumn, Qt::DescendingOrder);
        QCOMPARE(filter.index(0, 0).data(KeyTableModel::IdRole).toLongLong(), 3);
        QCOMPARE(filter.index(0, KeyTableModel::SuccessesColumn).data(KeyTableModel::SortRole).toLongLong(), 1000);
    }

    void sortedViewCatchesUpAfterChanges()
    {
        const QList<qint64> ids = m_pool->addSecrets(secrets(0, 5));
        KeyTableModel model(m_pool.get());
        KeyFilterModel filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::Fatal);
        filter.sort(KeyTableModel::WeightColumn, Qt::AscendingOrder);
        QSignalSpy stale(&filter, &KeyFilterModel::staleChanged);

        m_pool->report(ids.at(3), serverError()); // key 3 now has the lowest weight
        m_pool->flushChanges();
        QVERIFY(filter.isStale());
        // The cell changed in place at once ...
        QVERIFY(cell(model, 3, KeyTableModel::WeightColumn) != QStringLiteral("100 %"));
        // ... and the row moves to the top at the next (throttled) refresh, without a request.
        QTRY_COMPARE(filter.index(0, 0).data(KeyTableModel::IdRole).toLongLong(), ids.at(3));
        QVERIFY(!filter.isStale());
        QCOMPARE(stale.count(), 2);

        // When a refresh would be too costly to run by itself, the order waits for a request (F5).
        filter.setAutoRefresh(false);
        QVERIFY(!filter.refreshesAutomatically());
        m_pool->report(ids.at(1), serverError());
        m_pool->report(ids.at(1), serverError());
        m_pool->flushChanges();
        QVERIFY(filter.isStale());
        QCOMPARE(filter.index(0, 0).data(KeyTableModel::IdRole).toLongLong(), ids.at(3));
        filter.refresh();
        QCOMPARE(filter.index(0, 0).data(KeyTableModel::IdRole).toLongLong(), ids.at(1));
        QVERIFY(!filter.isStale());
    }

    void searchAndStatusFilter()
    {
        const QList<qint64> ids = m_pool->addSecrets(secrets(0, 6));
        m_pool->setLabel(ids.at(0), QStringLiteral("Work laptop"));
        m_pool->setGroup(ids.at(1), QStringLiteral("project-blue"));
        m_pool->disable({ids.at(4), ids.at(5)}, QStringLiteral("Disabled by you"));
        KeyTableModel model(m_pool.get());
        KeyFilterModel filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::Fatal);

        filter.setSearchText(QStringLiteral("LAPTOP"));
        QCOMPARE(filter.rowCount(), 1);
        QCOMPARE(filter.index(0, 0).data(KeyTableModel::IdRole).toLongLong(), ids.at(0));
        filter.setSearchText(QStringLiteral("blue"));
        QCOMPARE(filter.rowCount(), 1);
        filter.setSearchText(testKey(2).right(4)); // the tail shown in the masked key
        QVERIFY(filter.rowCount() >= 1);
        QVERIFY(filter.match(filter.index(0, 0), KeyTableModel::IdRole, ids.at(2)).size() == 1);
        filter.setSearchText(testKey(2).mid(6, 20)); // the hidden middle of a key is never searchable
        QCOMPARE(filter.rowCount(), 0);
        filter.setSearchText({});
        filter.setStatusFilter(KeyStatus::Disabled);
        QCOMPARE(filter.rowCount(), 2);
        filter.setStatusFilter(KeyStatus::Active);
        QCOMPARE(filter.rowCount(), 4);
        // A key that becomes disabled leaves the Active view at the next refresh.
        m_pool->disable({ids.at(0)});
        m_pool->flushChanges();
        QTRY_COMPARE(filter.rowCount(), 3);
    }

    void editsGoToThePool()
    {
        const QList<qint64> ids = m_pool->addSecrets(secrets(0, 2));
        KeyTableModel model(m_pool.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(model.flags(model.index(0, KeyTableModel::LabelColumn)) & Qt::ItemIsEditable);
        QVERIFY(!(model.flags(model.index(0, KeyTableModel::KeyColumn)) & Qt::ItemIsEditable));
        QVERIFY(!(model.flags(model.index(0, KeyTableModel::StatusColumn)) & Qt::ItemIsEditable));

        QVERIFY(model.setData(model.index(1, KeyTableModel::LabelColumn), QStringLiteral("  backup ")));
        QVERIFY(model.setData(model.index(1, KeyTableModel::GroupColumn), QStringLiteral("proj-a")));
        QVERIFY(model.setData(model.index(1, KeyTableModel::RpmLimitColumn), 15));
        QVERIFY(!model.setData(model.index(1, KeyTableModel::RpmLimitColumn), -3));
        QVERIFY(!model.setData(model.index(1, KeyTableModel::StatusColumn), QStringLiteral("Active")));
        const ApiKey key = *m_pool->key(ids.at(1));
        QCOMPARE(key.label, QStringLiteral("backup"));
        QCOMPARE(key.group, QStringLiteral("proj-a"));
        QCOMPARE(key.rpmLimit, 15);
        QCOMPARE(cell(model, 1, KeyTableModel::RpmLimitColumn), QStringLiteral("15"));
        QCOMPARE(cell(model, 0, KeyTableModel::RpmLimitColumn), QStringLiteral("default"));
    }

    void keysAreMaskedUntilRevealed()
    {
        const QList<qint64> ids = m_pool->addSecrets(secrets(0, 2));
        KeyTableModel model(m_pool.get());
        const QString secret = testKey(0);
        for (int role : {int(Qt::DisplayRole), int(Qt::EditRole), int(Qt::ToolTipRole), int(KeyTableModel::SortRole),
                         int(KeyTableModel::FilterTextRole)})
            for (int column = 0; column < KeyTableModel::ColumnCount; ++column)
                QVERIFY(!model.index(0, column).data(role).toString().contains(secret.mid(4, 20)));
        QCOMPARE(cell(model, 0, KeyTableModel::KeyColumn), ApiKey::mask(secret));

        QSignalSpy spy(&model, &QAbstractItemModel::dataChanged);
        model.setRevealed({ids.at(0)}, true);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(cell(model, 0, KeyTableModel::KeyColumn), secret);
        QCOMPARE(cell(model, 1, KeyTableModel::KeyColumn), ApiKey::mask(testKey(1)));
        model.setRevealed({ids.at(0)}, false);
        QCOMPARE(cell(model, 0, KeyTableModel::KeyColumn), ApiKey::mask(secret));
    }
};

QTEST_MAIN(TestKeyTableModel)
#include "tst_keytablemodel.moc"
