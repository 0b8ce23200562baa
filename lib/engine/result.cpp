// Result: streaming rows from the cursor (or from rows collected by executemany), the
// one/first/scalar family with SQLAlchemy's errors, and the inserted primary key.
#include <retort/engine/result.hpp>
#include <retort/errors.hpp>

#include "engine_state.hpp"

namespace retort {

namespace {
/// A result handle lets go of its state: the connection keeps the state for reuse, and the
/// state must then stop holding the connection, or neither is ever freed (nor the connection
/// returned to the pool).
void let_go(std::shared_ptr<ResultState>& state) noexcept {
    if (!state) return;
    auto keep = std::move(state);
    keep->connection.reset();
}
}  // namespace

Result::Result(std::shared_ptr<ResultState> state) : state_(std::move(state)) {}
Result::Result(Result&&) noexcept = default;
Result& Result::operator=(Result&& other) noexcept {
    if (this != &other) {
        close();
        let_go(state_);
        state_ = std::move(other.state_);
    }
    return *this;
}
Result::~Result() {
    close();
    let_go(state_);
}

namespace {
const ResultMetadata& empty_metadata() {
    static const ResultMetadata metadata;
    return metadata;
}
}  // namespace

bool Result::returns_rows() const noexcept { return state_ && state_->returns_rows; }

const std::vector<std::string>& Result::keys() const { return metadata().names; }

const ResultMetadata& Result::metadata() const {
    return state_ && state_->metadata && state_->returns_rows ? *state_->metadata : empty_metadata();
}

bool Result::next() {
    if (!state_ || !state_->returns_rows) return false;
    ResultState& rs = *state_;
    if (rs.use_buffer) {
        if (rs.buffered_next >= rs.buffered.size()) {
            rs.finished = true;
            return false;
        }
        rs.current = rs.buffered[rs.buffered_next++];
        return true;
    }
    if (rs.finished || !rs.cursor) return false;
    if (rs.connection && rs.connection->closed)
        throw InvalidRequestError("the Connection of this Result was closed");
    bool more;
    try {
        more = rs.cursor->next();
    } catch (const DatabaseError& error) {
        rs.release();
        if (rs.connection) rs.connection->on_error(error, rs.bound.sql());
        throw;
    }
    if (!more) {
        if (rs.cursor->rows_affected() >= 0) rs.rowcount = rs.cursor->rows_affected();
        rs.release();
        return false;
    }
    return true;  // rs.current reads from the cursor, which is now on the new row
}

const Row& Result::row() const {
    if (!state_) throw InvalidRequestError("this Result is empty");
    return state_->current;
}

Result::Iterator::Iterator(Result* result) : result_(result) {
    if (result_ && !result_->next()) result_ = nullptr;
}

Result::Iterator& Result::Iterator::operator++() {
    if (result_ && !result_->next()) result_ = nullptr;
    return *this;
}

Result::Iterator Result::begin() {
    if (state_ && !state_->returns_rows && state_->rowcount >= 0) return Iterator();
    return Iterator(this);
}

std::vector<Row> Result::all() {
    std::vector<Row> rows;
    while (next()) rows.push_back(row().detach());
    return rows;
}

std::optional<Row> Result::first() {
    std::optional<Row> out;
    if (next()) out = row().detach();
    close();
    return out;
}

Row Result::one() {
    if (!next()) {
        close();
        throw NoResultFound("one() found no row");
    }
    Row first_row = row().detach();
    if (next()) {
        close();
        throw MultipleResultsFound("one() found more than one row");
    }
    close();
    return first_row;
}

std::optional<Row> Result::one_or_none() {
    if (!next()) {
        close();
        return std::nullopt;
    }
    Row first_row = row().detach();
    if (next()) {
        close();
        throw MultipleResultsFound("one_or_none() found more than one row");
    }
    close();
    return first_row;
}

std::vector<Parameters> Result::mappings() {
    std::vector<Parameters> out;
    while (next()) {
        const Row& r = row();
        Parameters mapping;
        for (std::size_t i = 0; i < r.size(); ++i) mapping.set(r.keys()[i], r.value(i));
        out.push_back(std::move(mapping));
    }
    return out;
}

std::int64_t Result::rowcount() const noexcept { return state_ ? state_->rowcount : -1; }

std::optional<std::int64_t> Result::lastrowid() const noexcept {
    return state_ ? state_->lastrowid : std::nullopt;
}

const std::vector<Value>& Result::inserted_primary_key() const {
    if (!state_ || !state_->form || state_->form->statement_kind() != StatementKind::Insert)
        throw InvalidRequestError("inserted_primary_key is only available after a single-row INSERT");
    ResultState& rs = *state_;
    if (rs.primary_key_computed) return rs.inserted_primary_key;
    const TableNode* table = rs.form->insert_table();
    rs.primary_key_computed = true;
    if (!table) return rs.inserted_primary_key;
    // The key is what the statement gave, or what the database generated.
    for (const ColumnNode* pk : table->primary_key()) {
        Value value;
        bool found = false;
        const auto& slots = rs.form->slots();
        for (std::size_t i = 0; i < slots.size() && i < rs.bound.parameters.size(); ++i) {
            if (slots[i].name == pk->name()) {  // VALUES slots are named after their columns
                value = *rs.bound.parameters[i];
                found = true;
                break;
            }
        }
        if (!found && pk == table->autoincrement_column() && rs.lastrowid) value = *rs.lastrowid;
        rs.inserted_primary_key.push_back(std::move(value));
    }
    return rs.inserted_primary_key;
}

void Result::close() noexcept {
    if (state_) {
        state_->release();
        state_->use_buffer = false;
        state_->buffered.clear();
    }
}

bool Result::closed() const noexcept { return !state_ || state_->finished; }

}  // namespace retort
