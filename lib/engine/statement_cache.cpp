// The per-connection prepared statement cache: each SQL text is prepared once and reused; the
// least recently used statement is closed when the cache is full.
#include "connection_record.hpp"

namespace retort {

DriverStatement* StatementCache::get(DriverConnection& driver, std::string_view sql, const CompiledForm* form,
                                     const std::shared_ptr<const CompiledForm>& form_owner) {
    if (form) {
        for (std::size_t i = 0; i < recent_.size(); ++i) {
            if (recent_[i].form != form) continue;
            auto entry = recent_[i].entry;
            if (entry->busy) return nullptr;
            if (i) std::swap(recent_[i], recent_[0]);
            lru_.splice(lru_.begin(), lru_, entry);
            entry->busy = true;
            return entry->statement.get();
        }
    }
    Lru::iterator entry;
    if (auto it = map_.find(sql); it != map_.end()) {
        entry = it->second;
        if (entry->busy) return nullptr;
        lru_.splice(lru_.begin(), lru_, entry);
    } else {
        auto statement = driver.prepare(sql, form);
        lru_.push_front(Entry{std::move(statement), std::string(sql), false});
        entry = lru_.begin();
        map_.emplace(entry->sql, entry);
        while (map_.size() > capacity_) {
            auto victim = std::prev(lru_.end());
            if (victim->busy) break;  // in use by an open result: keep it for now
            forget_recent(victim);
            map_.erase(victim->sql);
            lru_.erase(victim);
        }
    }
    if (form_owner) {
        constexpr std::size_t kRecent = 8;
        if (recent_.size() == kRecent) recent_.pop_back();
        recent_.insert(recent_.begin(), Recent{form, form_owner, entry});
    }
    entry->busy = true;
    return entry->statement.get();
}

void StatementCache::release(DriverStatement* statement) noexcept {
    for (auto& r : recent_)
        if (r.entry->statement.get() == statement) {
            r.entry->busy = false;
            return;
        }
    for (auto& e : lru_)
        if (e.statement.get() == statement) {
            e.busy = false;
            return;
        }
}

void StatementCache::forget_recent(Lru::iterator entry) noexcept {
    std::erase_if(recent_, [&](const Recent& r) { return r.entry == entry; });
}

void StatementCache::clear() noexcept {
    recent_.clear();
    map_.clear();
    lru_.clear();
}

}  // namespace retort
