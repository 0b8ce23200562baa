// Turning a reflected description back into a Table: columns with their generic types,
// nullability, defaults, keys, constraints, indexes and comments.
#include <retort/engine/reflection.hpp>
#include <retort/errors.hpp>

namespace retort {

Table table_from_reflection(MetaData& metadata, const ReflectedTable& reflected) {
    TableBuilder builder(reflected.name);
    if (!reflected.schema.empty()) builder.add(TableSchema{reflected.schema});
    for (const auto& c : reflected.columns) {
        ColumnSchema schema;
        schema.nullable = c.nullable;
        bool in_pk = false;
        for (const auto& pk : reflected.primary_key) in_pk = in_pk || pk == c.name;
        schema.primary_key = in_pk;
        // A key the database does not fill must not become SERIAL / AUTO_INCREMENT again.
        if (in_pk) schema.autoincrement = c.autoincrement ? Autoincrement::Yes : Autoincrement::No;
        if (c.default_sql && !c.autoincrement) schema.server_default = literal_column(*c.default_sql).node();
        schema.comment = c.comment;
        builder.add(Column(std::make_shared<ColumnNode>(c.name, c.type, std::move(schema))));
    }
    if (!reflected.primary_key.empty())
        builder.add(PrimaryKeyConstraint{reflected.primary_key, reflected.primary_key_name});
    for (const auto& fk : reflected.foreign_keys) {
        ForeignKeyConstraint constraint;
        constraint.columns = fk.columns;
        std::string target_table = fk.referred_schema.empty() || fk.referred_schema == reflected.schema
                                       ? fk.referred_table
                                       : fk.referred_schema + "." + fk.referred_table;
        if (!fk.referred_schema.empty() && fk.referred_schema == reflected.schema && !reflected.schema.empty())
            target_table = fk.referred_schema + "." + fk.referred_table;
        for (const auto& col : fk.referred_columns) constraint.targets.push_back(target_table + "." + col);
        constraint.options.name = fk.name;
        constraint.options.on_delete = fk.on_delete;
        constraint.options.on_update = fk.on_update;
        builder.add(std::move(constraint));
    }
    for (const auto& u : reflected.unique_constraints) builder.add(UniqueConstraint{u.columns, u.name});
    for (const auto& check : reflected.check_constraints) builder.add(CheckConstraint{check.sql, check.name});
    for (const auto& index : reflected.indexes) {
        bool expression = index.columns.empty();
        for (const auto& col : index.columns) expression = expression || col.empty();
        if (expression) continue;  // expression indexes cannot be named by columns
        IndexOptions options;
        options.unique = index.unique;
        if (!index.where_sql.empty()) options.where = literal_column(index.where_sql);
        builder.add(Index(index.name, index.columns, options));
    }
    if (!reflected.comment.empty()) builder.add(TableComment{reflected.comment});
    std::string key = reflected.schema.empty() ? reflected.name : reflected.schema + "." + reflected.name;
    if (metadata.has_table(key)) metadata.remove(metadata.table(key));
    return Table(builder.finish(&metadata));
}

}  // namespace retort
