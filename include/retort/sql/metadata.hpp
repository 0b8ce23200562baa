// MetaData: the collection of tables of one database schema, with lookup by name and the
// foreign-key dependency order used by create_all / drop_all.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <retort/sql/table.hpp>

namespace retort {

/// Shared state behind MetaData handles; tables refer to it to resolve foreign keys.
class MetaDataImpl {
  public:
    explicit MetaDataImpl(std::string default_schema)
        : default_schema_(std::move(default_schema)) {}
    void add(std::shared_ptr<const TableNode> table);
    void remove(std::string_view key);
    /// The table with key "name" or "schema.name", or nullptr.
    std::shared_ptr<const TableNode> find(std::string_view key) const;
    std::vector<std::shared_ptr<const TableNode>> tables() const;
    const std::string& default_schema() const noexcept { return default_schema_; }

  private:
    mutable std::mutex mutex_;
    std::string default_schema_;
    std::vector<std::shared_ptr<const TableNode>> tables_;
};

/// A collection of tables.
///
///     MetaData meta;
///     Table users{meta, "users", Column{"id", Integer{}, primary_key()}};
///     for (const Table& t : meta.sorted_tables()) std::cout << t.name() << '\n';
class MetaData {
  public:
    explicit MetaData(std::string default_schema = {});

    /// The table called `name` ("schema.name" for another schema); ArgumentError when unknown.
    Table table(std::string_view name) const;
    bool has_table(std::string_view name) const;
    /// Tables in the order they were defined.
    std::vector<Table> tables() const;
    /// Tables ordered so that every table comes after the tables it references (parents first).
    /// A foreign-key cycle is an ArgumentError naming the tables involved.
    std::vector<Table> sorted_tables() const;
    /// Forgets a table (used by reflection to replace one).
    void remove(const Table& table);

    /// CREATE TABLE / CREATE INDEX for every table in dependency order, skipping existing ones
    /// when checkfirst. Works with any engine type providing create_all(MetaData, bool).
    template <class Engine>
    void create_all(Engine& engine, bool checkfirst = true) const {
        engine.create_all(*this, checkfirst);
    }
    /// DROP TABLE for every table in reverse dependency order.
    template <class Engine>
    void drop_all(Engine& engine, bool checkfirst = true) const {
        engine.drop_all(*this, checkfirst);
    }

    const std::shared_ptr<MetaDataImpl>& impl() const noexcept { return impl_; }

  private:
    std::shared_ptr<MetaDataImpl> impl_;
};

}  // namespace retort
