// Transaction: an RAII transaction or savepoint on a Connection — commit() ends it, destruction
// without commit rolls it back (never throwing).
#pragma once

#include <memory>
#include <string>

namespace retort {

class ConnectionState;

/// A transaction (begin()) or a savepoint (begin_nested()).
///
///     auto tx = conn.begin();
///     conn.execute(insert(users).values({{"name", "ed"}}));
///     tx.commit();  // without it, the destructor rolls back
class Transaction {
public:
    Transaction() = default;
    Transaction(std::shared_ptr<ConnectionState> state, std::size_t depth, std::string savepoint);
    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&& other) noexcept;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();

    /// Commits (releases the savepoint). InvalidRequestError when already ended or when an
    /// inner savepoint is still open.
    void commit();
    /// Rolls back (to the savepoint).
    void rollback();
    bool is_active() const noexcept;
    bool is_nested() const noexcept { return !savepoint_.empty(); }

private:
    void finish(bool commit);
    std::shared_ptr<ConnectionState> state_;
    std::size_t depth_ = 0;  // 1 for the outer transaction, 2+ for savepoints
    std::string savepoint_;
};

}  // namespace retort
