#pragma once

// Private to the key pool (src/core): not part of egb_core's interface.

#include <QHash>
#include <QtGlobal>

#include <vector>

namespace egb {

/// id -> row. Ids are database row ids, nearly dense, so a plain vector indexed by id answers in one memory
/// access; a hash takes over if ids ever get sparse (more than 8 per key plus a margin).
class IdIndex
{
public:
    /// The row of `id`, -1 when unknown.
    int find(qint64 id) const
    {
        if (!m_sparse)
            return id > 0 && id < qint64(m_dense.size()) ? m_dense[size_t(id)] - 1 : -1;
        return m_hash.value(id, -1);
    }
    /// Maps id to row; `count` is the number of keys once this one is in (it decides when ids are sparse).
    void set(qint64 id, int row, qsizetype count)
    {
        if (!m_sparse && id > 0 && id > qint64(8 * count + 65'536))
            toSparse();
        if (m_sparse) {
            m_hash.insert(id, row);
            return;
        }
        if (id <= 0)
            return; // never assigned by the pool (load() renumbers them)
        if (id >= qint64(m_dense.size()))
            m_dense.resize(size_t(id) + 1 + size_t(id) / 2, 0);
        m_dense[size_t(id)] = row + 1;
    }
    bool isSparse() const { return m_sparse; }
    void prefetch([[maybe_unused]] qint64 id) const
    {
#if defined(__GNUC__)
        if (!m_sparse && id > 0 && id < qint64(m_dense.size()))
            __builtin_prefetch(&m_dense[size_t(id)]);
#endif
    }
    void clear()
    {
        m_dense.clear();
        m_hash.clear();
        m_sparse = false;
    }

private:
    void toSparse()
    {
        m_hash.clear();
        for (size_t id = 0; id < m_dense.size(); ++id) {
            if (m_dense[id] > 0)
                m_hash.insert(qint64(id), m_dense[id] - 1);
        }
        m_dense.clear();
        m_dense.shrink_to_fit();
        m_sparse = true;
    }

    std::vector<int> m_dense; ///< row + 1 by id, 0 = unknown
    QHash<qint64, int> m_hash;
    bool m_sparse = false;
};

} // namespace egb
