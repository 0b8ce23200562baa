// Result: the rows (or the row count) of one execution, streamed from the driver unless asked
// to materialize: iteration, all(), first(), one(), one_or_none(), scalar(), scalars(), mappings().
#pragma once

#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <retort/engine/row.hpp>
#include <retort/sql/parameters.hpp>

namespace retort {

class ResultState;

/// The result of an execution.
///
///     auto result = conn.execute(select(users.c("name")).where(users.c("age") > 30));
///     for (const Row& row : result) use(row.get<std::string>(0));
///     auto count = conn.execute(select(func.count()).select_from(users)).scalar<std::int64_t>();
class Result {
public:
    Result() = default;
    explicit Result(std::shared_ptr<ResultState> state);
    Result(Result&&) noexcept;
    Result& operator=(Result&&) noexcept;
    ~Result();

    /// Whether the statement returns rows (SELECT, RETURNING, text() with rows).
    bool returns_rows() const noexcept;
    /// Column names in order.
    const std::vector<std::string>& keys() const;
    /// Column names and declared types.
    const ResultMetadata& metadata() const;

    /// Single-pass iteration; each Row reads straight from the cursor.
    class Iterator {
    public:
        using iterator_category = std::input_iterator_tag;
        using value_type = Row;
        using difference_type = std::ptrdiff_t;
        using pointer = const Row*;
        using reference = const Row&;
        Iterator() = default;
        explicit Iterator(Result* result);
        reference operator*() const { return result_->row(); }
        pointer operator->() const { return &result_->row(); }
        Iterator& operator++();
        void operator++(int) { ++*this; }
        friend bool operator==(const Iterator& a, const Iterator& b) { return a.result_ == b.result_; }

    private:
        Result* result_ = nullptr;
    };
    Iterator begin();
    Iterator end() { return Iterator(); }

    /// Moves to the next row; false at the end. The returned row is valid until the next call.
    bool next();
    /// The current row (after next() returned true).
    const Row& row() const;

    /// Every remaining row, owning its values.
    std::vector<Row> all();
    /// The first row (or nullopt), then closes the result.
    std::optional<Row> first();
    /// Exactly one row: NoResultFound for none, MultipleResultsFound for several.
    Row one();
    /// One row or none: MultipleResultsFound for several.
    std::optional<Row> one_or_none();
    /// The first column of the first row (nullopt when there is no row or it is NULL).
    template <class T = Value>
    std::optional<T> scalar() {
        auto r = first();
        if (!r || r->is_null(0)) return std::nullopt;
        return r->get<T>(0);
    }
    /// The first column of exactly one row; NoResultFound / MultipleResultsFound otherwise.
    template <class T = Value>
    T scalar_one() {
        return one().get<T>(0);
    }
    /// The first column of every remaining row.
    template <class T = Value>
    std::vector<T> scalars() {
        std::vector<T> out;
        while (next()) out.push_back(row().template get<T>(0));
        return out;
    }
    /// Every remaining row as name → value pairs.
    std::vector<Parameters> mappings();

    /// Rows changed by INSERT / UPDATE / DELETE (summed over executemany); -1 when unknown.
    std::int64_t rowcount() const noexcept;
    /// The id the database generated for an inserted row (SQLite rowid, MySQL AUTO_INCREMENT).
    std::optional<std::int64_t> lastrowid() const noexcept;
    /// The primary key of the row a single-row INSERT created: given values, the generated id,
    /// or the value RETURNING gave back (PostgreSQL).
    const std::vector<Value>& inserted_primary_key() const;

    /// Releases the cursor early (the rest of the rows are discarded).
    void close() noexcept;
    bool closed() const noexcept;

private:
    std::shared_ptr<ResultState> state_;
};

}  // namespace retort
