// The pool: QueuePool's rules (lazy growth to pool_size, overflow closed on return, bounded
// waits, recycle, pre-ping, invalidation of connections older than a disconnect) under one mutex,
// with connects and closes done outside it.
#include <retort/engine/pool.hpp>
#include <retort/errors.hpp>

#include "connection_record.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <shared_mutex>
#include <vector>

namespace retort {

class PoolImpl : public std::enable_shared_from_this<PoolImpl> {
public:
    PoolImpl(Pool::Factory factory, PoolKind kind, PoolOptions options)
        : factory_(std::move(factory)), kind_(kind), options_(options) {
        if (kind_ == PoolKind::SingleConnection) {
            options_.pool_size = 1;
            options_.max_overflow = 0;
            options_.recycle.reset();  // the connection *is* the in-memory database
        }
        if (kind_ == PoolKind::Queue && options_.pool_size == 0 && options_.max_overflow == 0)
            throw ArgumentError("a pool needs pool_size or max_overflow above zero");
    }

    ~PoolImpl() {
        std::deque<std::unique_ptr<ConnectionRecord>> idle;
        {
            std::lock_guard lock(mutex_);
            idle.swap(idle_);
        }
        // Closed outside the lock; destructors of drivers never throw.
    }

    std::unique_ptr<ConnectionRecord> checkout();
    void checkin(std::unique_ptr<ConnectionRecord> record) noexcept;
    void invalidate(ConnectionRecord& record, std::string_view reason, bool all_older) noexcept;
    void invalidate_all(std::string_view reason) noexcept;
    void dispose() noexcept;
    PoolStatistics statistics() const;
    void add_listener(std::function<void(const PoolEvent&)> listener) {
        std::unique_lock lock(listeners_mutex_);
        listeners_.push_back(std::move(listener));
        has_listeners_.store(true, std::memory_order_release);
    }
    PoolKind kind() const noexcept { return kind_; }
    const PoolOptions& options() const noexcept { return options_; }

private:
    std::unique_ptr<ConnectionRecord> connect();
    bool stale(const ConnectionRecord& record, std::chrono::steady_clock::time_point now) const;
    void emit(PoolEvent::Kind kind, std::uint64_t id, std::string_view reason = {}) noexcept;
    std::size_t capacity() const noexcept {
        if (kind_ == PoolKind::Null) return SIZE_MAX;
        if (options_.max_overflow == SIZE_MAX) return SIZE_MAX;
        return options_.pool_size + options_.max_overflow;
    }
    void close(std::unique_ptr<ConnectionRecord> record, std::string_view reason) noexcept {
        if (!record) return;
        emit(PoolEvent::Kind::Close, record->id, reason);
        record.reset();
    }

    Pool::Factory factory_;
    PoolKind kind_;
    PoolOptions options_;

    mutable std::mutex mutex_;
    std::condition_variable available_;
    std::deque<std::unique_ptr<ConnectionRecord>> idle_;
    std::size_t open_ = 0;         // idle + checked out + being connected
    std::size_t checked_out_ = 0;
    std::uint64_t next_id_ = 1;
    std::chrono::steady_clock::time_point invalidated_before_{};
    std::chrono::steady_clock::time_point disposed_before_{};  // close on return, not invalid
    std::uint64_t connects_ = 0, invalidations_ = 0, timeouts_ = 0, waits_ = 0;

    std::shared_mutex listeners_mutex_;
    std::vector<std::function<void(const PoolEvent&)>> listeners_;
    std::atomic<bool> has_listeners_{false};
};

void PoolImpl::emit(PoolEvent::Kind kind, std::uint64_t id, std::string_view reason) noexcept {
    if (!has_listeners_.load(std::memory_order_acquire)) return;
    std::shared_lock lock(listeners_mutex_);
    PoolEvent event{kind, id, reason};
    for (const auto& listener : listeners_) {
        try {
            listener(event);
        } catch (...) {
            // A listener's failure must not break checkouts or leak connections.
        }
    }
}

bool PoolImpl::stale(const ConnectionRecord& record, std::chrono::steady_clock::time_point now) const {
    if (record.invalidated) return true;
    if (record.created <= invalidated_before_) return true;
    if (record.created <= disposed_before_) return true;
    if (options_.recycle && now - record.created > *options_.recycle) return true;
    return false;
}

std::unique_ptr<ConnectionRecord> PoolImpl::connect() {
    std::uint64_t id;
    {
        std::lock_guard lock(mutex_);
        id = next_id_++;
    }
    auto driver = factory_();
    auto record = std::make_unique<ConnectionRecord>(std::move(driver), id, options_.statement_cache_size);
    {
        std::lock_guard lock(mutex_);
        ++connects_;
    }
    emit(PoolEvent::Kind::Connect, id);
    return record;
}

std::unique_ptr<ConnectionRecord> PoolImpl::checkout() {
    const auto deadline = std::chrono::steady_clock::now() + options_.timeout;
    bool waited = false;
    while (true) {
        std::unique_ptr<ConnectionRecord> record;
        std::unique_ptr<ConnectionRecord> discard;
        bool create = false;
        {
            std::unique_lock lock(mutex_);
            while (true) {
                if (!idle_.empty()) {
                    if (options_.use_lifo) {
                        record = std::move(idle_.back());
                        idle_.pop_back();
                    } else {
                        record = std::move(idle_.front());
                        idle_.pop_front();
                    }
                    ++checked_out_;
                    if (stale(*record, std::chrono::steady_clock::now())) {
                        // Replace it: close outside the lock, connect a new one in its place.
                        discard = std::move(record);
                        create = true;
                    }
                    break;
                }
                if (open_ < capacity()) {
                    ++open_;
                    ++checked_out_;
                    create = true;
                    break;
                }
                if (!waited) {
                    waited = true;
                    ++waits_;
                }
                if (available_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
                    open_ >= capacity()) {
                    ++timeouts_;
                    auto seconds = std::chrono::duration<double>(options_.timeout).count();
                    char buf[160];
                    std::snprintf(buf, sizeof buf,
                                  "QueuePool limit of size %zu overflow %zu reached, connection timed out, "
                                  "timeout %.2f s",
                                  options_.pool_size, options_.max_overflow == SIZE_MAX ? SIZE_MAX : options_.max_overflow,
                                  seconds);
                    throw PoolTimeout(buf);
                }
            }
        }
        if (discard) close(std::move(discard), "stale (invalidated or recycled)");
        if (create) {
            try {
                record = connect();
            } catch (...) {
                std::lock_guard lock(mutex_);
                --open_;
                --checked_out_;
                available_.notify_one();
                throw;
            }
        } else if (options_.pre_ping && !record->driver->ping()) {
            // A dead connection (a server restart): every older one is dead too. Its slot is
            // reused for a fresh connection.
            invalidate_all("pre-ping failed");
            {
                std::lock_guard lock(mutex_);
                ++invalidations_;
            }
            emit(PoolEvent::Kind::Invalidate, record->id, "pre-ping failed");
            close(std::move(record), "pre-ping failed");
            try {
                record = connect();
            } catch (...) {
                std::lock_guard lock(mutex_);
                --open_;
                --checked_out_;
                available_.notify_one();
                throw;
            }
        }
        emit(PoolEvent::Kind::Checkout, record->id);
        return record;
    }
}

void PoolImpl::checkin(std::unique_ptr<ConnectionRecord> record) noexcept {
    if (!record) return;
    emit(PoolEvent::Kind::Checkin, record->id);
    if (!record->invalidated && options_.reset_on_return &&
        (record->needs_reset || record->driver->in_transaction())) {
        // Also a transaction begun behind the engine's back (BEGIN as SQL, the native driver).
        try {
            record->driver->rollback();
            record->needs_reset = false;
        } catch (...) {
            record->invalidated = true;  // a connection that cannot roll back is not reusable
        }
    }
    std::unique_ptr<ConnectionRecord> discard;
    {
        std::lock_guard lock(mutex_);
        --checked_out_;
        bool overflow = idle_.size() + checked_out_ >= options_.pool_size;
        if (kind_ == PoolKind::Null || record->invalidated || record->created <= invalidated_before_ ||
            record->created <= disposed_before_ || overflow) {
            discard = std::move(record);
            --open_;
        } else {
            idle_.push_back(std::move(record));
        }
    }
    available_.notify_one();
    if (discard) {
        std::string_view reason = discard->invalidated ? "invalidated" : "closed on return";
        close(std::move(discard), reason);
    }
}

void PoolImpl::invalidate(ConnectionRecord& record, std::string_view reason, bool all_older) noexcept {
    record.invalidated = true;
    {
        std::lock_guard lock(mutex_);
        ++invalidations_;
    }
    emit(PoolEvent::Kind::Invalidate, record.id, reason);
    if (all_older) invalidate_all(reason);
}

void PoolImpl::invalidate_all(std::string_view reason) noexcept {
    std::deque<std::unique_ptr<ConnectionRecord>> idle;
    {
        std::lock_guard lock(mutex_);
        invalidated_before_ = std::chrono::steady_clock::now();
        idle.swap(idle_);
        open_ -= idle.size();
    }
    available_.notify_all();
    for (auto& r : idle) close(std::move(r), reason);
}

void PoolImpl::dispose() noexcept {
    std::deque<std::unique_ptr<ConnectionRecord>> idle;
    {
        std::lock_guard lock(mutex_);
        disposed_before_ = std::chrono::steady_clock::now();  // checked-out ones close on return
        idle.swap(idle_);
        open_ -= idle.size();
    }
    available_.notify_all();
    for (auto& r : idle) close(std::move(r), "disposed");
}

PoolStatistics PoolImpl::statistics() const {
    std::lock_guard lock(mutex_);
    PoolStatistics s;
    s.size = options_.pool_size;
    s.open = open_;
    s.checked_out = checked_out_;
    s.idle = idle_.size();
    s.overflow = open_ > options_.pool_size ? open_ - options_.pool_size : 0;
    s.connects = connects_;
    s.invalidations = invalidations_;
    s.timeouts = timeouts_;
    s.waits = waits_;
    return s;
}

// --- handles

PooledConnection::PooledConnection(std::shared_ptr<PoolImpl> pool, std::unique_ptr<ConnectionRecord> record)
    : pool_(std::move(pool)), record_(std::move(record)) {}

PooledConnection::PooledConnection() noexcept = default;
PooledConnection::PooledConnection(PooledConnection&& other) noexcept = default;

PooledConnection& PooledConnection::operator=(PooledConnection&& other) noexcept {
    if (this != &other) {
        release();
        pool_ = std::move(other.pool_);
        record_ = std::move(other.record_);
    }
    return *this;
}

PooledConnection::~PooledConnection() { release(); }

DriverConnection& PooledConnection::driver() const { return *record_->driver; }

void PooledConnection::invalidate(std::string_view reason, bool all_older) {
    if (record_ && pool_) pool_->invalidate(*record_, reason, all_older);
}

void PooledConnection::release() noexcept {
    if (record_ && pool_) pool_->checkin(std::move(record_));
    record_.reset();
    pool_.reset();
}

Pool::Pool(Factory factory, PoolKind kind, PoolOptions options)
    : impl_(std::make_shared<PoolImpl>(std::move(factory), kind, options)) {}

Pool::~Pool() { impl_->dispose(); }

PooledConnection Pool::checkout() { return PooledConnection(impl_, impl_->checkout()); }
PoolStatistics Pool::statistics() const { return impl_->statistics(); }
void Pool::invalidate_all(std::string_view reason) { impl_->invalidate_all(reason); }
void Pool::dispose() { impl_->dispose(); }
void Pool::add_listener(std::function<void(const PoolEvent&)> listener) { impl_->add_listener(std::move(listener)); }
PoolKind Pool::kind() const noexcept { return impl_->kind(); }
const PoolOptions& Pool::options() const noexcept { return impl_->options(); }

std::string Pool::status() const {
    auto s = statistics();
    return "Pool size: " + std::to_string(s.size) + "  Connections in pool: " + std::to_string(s.idle) +
           "  Current overflow: " + std::to_string(s.overflow) +
           "  Current checked out connections: " + std::to_string(s.checked_out);
}

}  // namespace retort
