#pragma once

// Private to the key pool (src/core): not part of egb_core's interface.

#include <QtGlobal>

#include <algorithm>
#include <vector>

namespace egb {

/// Fenwick (binary indexed) tree over rows' integer weights: point update, prefix sum and "row holding the k-th
/// unit of weight" are all O(log n). Each node keeps its row's id beside the sum, so the descent that found a row
/// has already loaded its id.
class FenwickTree
{
public:
    /// Rebuilds from n rows: valueAt(row) -> quint64, idAt(row) -> qint64. O(n).
    template <typename Value, typename Id>
    void build(int n, Value valueAt, Id idAt)
    {
        m_nodes.assign(size_t(n) + 1, Node{});
        m_total = 0;
        for (int i = 1; i <= n; ++i) {
            Node& node = m_nodes[size_t(i)];
            const quint64 v = valueAt(i - 1);
            node.sum += v;
            node.id = idAt(i - 1);
            m_total += v;
            const int parent = i + (i & -i);
            if (parent <= n)
                m_nodes[size_t(parent)].sum += node.sum;
        }
        m_top = 1;
        while (m_top * 2 <= n)
            m_top *= 2;
        if (n == 0)
            m_top = 0;
    }
    int size() const { return int(m_nodes.size()) - 1; }
    quint64 total() const { return m_total; }
    /// The id of the row, as given to build().
    qint64 idAt(int row) const { return m_nodes[size_t(row) + 1].id; }
    /// Adds `delta` (two's complement for a decrease) to row `row`.
    void add(int row, quint64 delta)
    {
        m_total += delta;
        const int n = size();
        for (int i = row + 1; i <= n; i += i & -i)
            m_nodes[size_t(i)].sum += delta;
    }
    /// Sum of the first `rows` rows.
    quint64 prefix(int rows) const
    {
        quint64 sum = 0;
        for (int i = rows; i > 0; i -= i & -i)
            sum += m_nodes[size_t(i)].sum;
        return sum;
    }
    /// The smallest row r with prefix(r + 1) > target; target < total().
    int find(quint64 target) const
    {
        int pos = 0;
        const int n = size();
        const Node* t = m_nodes.data();
        for (int step = m_top; step > 0; step >>= 1) {
            const int next = pos + step;
#if defined(__GNUC__)
            // The next probe is pos + step/2 or next + step/2 depending on this comparison: ask for both
            // (and their children) now, so the descent's cache misses overlap instead of queueing.
            if (step >= 8) {
                const int quarter = step / 4;
                const int half = step / 2;
                for (int base : {pos, next}) {
                    __builtin_prefetch(t + std::min(base + half, n));
                    __builtin_prefetch(t + std::min(base + quarter, n));
                    __builtin_prefetch(t + std::min(base + half + quarter, n));
                }
            }
#endif
            if (next <= n && t[next].sum <= target) {
                pos = next;
                target -= t[next].sum;
            }
        }
        return pos;
    }

private:
    struct Node
    {
        quint64 sum = 0;
        qint64 id = 0;
    };
    std::vector<Node> m_nodes{Node{}};
    quint64 m_total = 0;
    int m_top = 0;
};

} // namespace egb
