// Transactions and savepoints: commit and rollback with the nesting rules, a rollback that
// clears the "must roll back" state, and destructors that roll back without throwing.
#include <retort/engine/transaction.hpp>
#include <retort/errors.hpp>

#include "engine_state.hpp"

namespace retort {

Transaction::Transaction(std::shared_ptr<ConnectionState> state, std::size_t depth, std::string savepoint)
    : state_(std::move(state)), depth_(depth), savepoint_(std::move(savepoint)) {}

Transaction::Transaction(Transaction&& other) noexcept
    : state_(std::move(other.state_)), depth_(other.depth_), savepoint_(std::move(other.savepoint_)) {
    other.depth_ = 0;
}

Transaction& Transaction::operator=(Transaction&& other) noexcept {
    if (this != &other) {
        if (is_active()) {
            try {
                rollback();
            } catch (...) {
            }
        }
        state_ = std::move(other.state_);
        depth_ = other.depth_;
        savepoint_ = std::move(other.savepoint_);
        other.depth_ = 0;
    }
    return *this;
}

Transaction::~Transaction() {
    if (!is_active()) return;
    try {
        rollback();
    } catch (...) {
        // Destructors never throw; a connection that cannot roll back is discarded by the pool.
        if (state_ && state_->pooled) state_->pooled.invalidate("rollback failed in a transaction's destructor");
    }
}

bool Transaction::is_active() const noexcept {
    if (!state_ || depth_ == 0 || state_->closed) return false;
    if (state_->depth < depth_) return false;
    if (depth_ == 1) return savepoint_.empty();
    return state_->savepoints.size() >= depth_ - 1 && state_->savepoints[depth_ - 2] == savepoint_;
}

void Transaction::commit() { finish(true); }
void Transaction::rollback() { finish(false); }

void Transaction::finish(bool commit) {
    if (!is_active()) {
        if (commit) throw InvalidRequestError("this transaction is no longer active (already committed or rolled back)");
        return;
    }
    ConnectionState& st = *state_;
    EngineImpl& e = *st.engine;
    if (commit) {
        if (st.depth > depth_)
            throw InvalidRequestError("a savepoint inside this transaction is still open; commit or roll it back first");
        if (st.failed_depth > 0 && st.failed_depth >= depth_)
            throw InvalidRequestError("this transaction cannot commit: a statement failed inside it (" + st.failure +
                                      "); roll it back");
    }
    // Results still reading rows end with the transaction.
    while (!st.open_results.empty()) st.open_results.back()->release();
    const bool root = depth_ == 1;
    if (st.invalidated) {
        // The connection is gone; only the bookkeeping remains to undo.
        st.depth = depth_ - 1;
        st.savepoints.resize(depth_ > 1 ? depth_ - 2 : 0);
        st.failed_depth = 0;
        if (commit) throw InvalidRequestError("the connection was lost; the transaction cannot commit");
        return;
    }
    try {
        if (root) {
            if (commit) {
                if (e.options.echo) e.log("COMMIT");
                st.driver().commit();
            } else {
                if (e.options.echo) e.log("ROLLBACK");
                st.driver().rollback();
            }
            st.record().needs_reset = false;
        } else if (commit) {
            if (e.options.echo) e.log("RELEASE SAVEPOINT " + savepoint_);
            st.driver().release_savepoint(savepoint_);
        } else {
            if (e.options.echo) e.log("ROLLBACK TO SAVEPOINT " + savepoint_);
            st.driver().rollback_to_savepoint(savepoint_);
            st.driver().release_savepoint(savepoint_);
        }
    } catch (const DatabaseError& error) {
        st.on_error(error, commit ? "COMMIT" : "ROLLBACK");
        if (root) {
            // The transaction is over either way; the connection state must say so.
            st.depth = 0;
            st.savepoints.clear();
            st.failed_depth = 0;
        }
        throw;
    }
    st.depth = depth_ - 1;
    st.savepoints.resize(depth_ > 1 ? depth_ - 2 : 0);
    if (!commit && st.failed_depth >= depth_) st.failed_depth = 0;
    if (root) st.failed_depth = 0;
}

}  // namespace retort
