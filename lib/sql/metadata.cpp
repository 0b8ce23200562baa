// MetaData: table registry by key, and the dependency order for DDL (parents first, cycles
// reported with the tables involved).
#include <retort/errors.hpp>
#include <retort/sql/metadata.hpp>

#include <algorithm>

namespace retort {

void MetaDataImpl::add(std::shared_ptr<const TableNode> table) {
    std::lock_guard lock(mutex_);
    std::string key = table->key();
    for (const auto& t : tables_)
        if (t->key() == key)
            throw ArgumentError("Table '" + key + "' is already defined for this MetaData");
    tables_.push_back(std::move(table));
}

void MetaDataImpl::remove(std::string_view key) {
    std::lock_guard lock(mutex_);
    std::erase_if(tables_, [&](const auto& t) { return t->key() == key; });
}

std::shared_ptr<const TableNode> MetaDataImpl::find(std::string_view key) const {
    std::lock_guard lock(mutex_);
    for (const auto& t : tables_)
        if (t->key() == key) return t;
    if (!default_schema_.empty() && key.find('.') == std::string_view::npos) {
        std::string qualified = default_schema_ + "." + std::string(key);
        for (const auto& t : tables_)
            if (t->key() == qualified) return t;
    }
    return nullptr;
}

std::vector<std::shared_ptr<const TableNode>> MetaDataImpl::tables() const {
    std::lock_guard lock(mutex_);
    return tables_;
}

MetaData::MetaData(std::string default_schema)
    : impl_(std::make_shared<MetaDataImpl>(std::move(default_schema))) {}

Table MetaData::table(std::string_view name) const {
    auto t = impl_->find(name);
    if (!t) {
        std::string known;
        for (const auto& table : impl_->tables())
            known += (known.empty() ? "" : ", ") + table->key();
        throw ArgumentError("MetaData has no table named '" + std::string(name) +
                            "' (tables: " + (known.empty() ? std::string("none") : known) + ")");
    }
    return Table(std::move(t));
}

bool MetaData::has_table(std::string_view name) const {
    return impl_->find(name) != nullptr;
}

std::vector<Table> MetaData::tables() const {
    std::vector<Table> out;
    for (auto& t : impl_->tables())
        out.emplace_back(std::move(t));
    return out;
}

void MetaData::remove(const Table& table) {
    impl_->remove(table.table_node().key());
}

std::vector<Table> MetaData::sorted_tables() const {
    auto all = impl_->tables();
    std::vector<std::vector<std::size_t>> depends(all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
        for (const auto& fk : all[i]->foreign_keys()) {
            for (std::size_t j = 0; j < all.size(); ++j) {
                if (j == i) continue;  // a self-reference does not constrain the order
                const auto& other = *all[j];
                if (fk.target_table == other.key() || fk.target_table == other.table_name())
                    depends[i].push_back(j);
            }
        }
    }
    // Kahn's algorithm, always taking the earliest-defined ready table so the order is stable.
    std::vector<bool> placed(all.size(), false);
    std::vector<Table> out;
    out.reserve(all.size());
    while (out.size() < all.size()) {
        bool progress = false;
        for (std::size_t i = 0; i < all.size(); ++i) {
            if (placed[i]) continue;
            bool ready = std::all_of(depends[i].begin(), depends[i].end(),
                                     [&](std::size_t j) { return placed[j]; });
            if (!ready) continue;
            placed[i] = true;
            out.emplace_back(all[i]);
            progress = true;
            break;
        }
        if (!progress) {
            // Tables left over depend on each other: keep only those on a cycle (tables that
            // merely depend on a cycle are reported less usefully).
            std::vector<bool> on_cycle(all.size(), false);
            for (std::size_t i = 0; i < all.size(); ++i) {
                if (placed[i]) continue;
                // i is on a cycle when i is reachable from itself.
                std::vector<std::size_t> stack(depends[i].begin(), depends[i].end());
                std::vector<bool> seen(all.size(), false);
                while (!stack.empty()) {
                    std::size_t j = stack.back();
                    stack.pop_back();
                    if (j == i) {
                        on_cycle[i] = true;
                        break;
                    }
                    if (seen[j] || placed[j]) continue;
                    seen[j] = true;
                    stack.insert(stack.end(), depends[j].begin(), depends[j].end());
                }
            }
            std::string names;
            for (std::size_t i = 0; i < all.size(); ++i)
                if (on_cycle[i]) names += (names.empty() ? "'" : ", '") + all[i]->key() + "'";
            throw ArgumentError(
                "Can't sort tables by foreign key dependency: there is a cycle "
                "between tables " +
                names);
        }
    }
    return out;
}

}  // namespace retort
