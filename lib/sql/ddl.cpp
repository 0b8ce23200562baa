// DDL statement handles and their cache keys (DDL shapes are keyed by the schema object's
// identity, so each table's CREATE is compiled once per dialect).
#include <retort/errors.hpp>
#include <retort/sql/ddl.hpp>

namespace retort {

void TableDdlNode::gather(GatherContext& context) const {
    context.key.add_kind(kind(), if_clause ? 1u : 0u);
    context.key.add_pointer(table.get());
}

void IndexDdlNode::gather(GatherContext& context) const {
    context.key.add_kind(kind(), if_clause ? 1u : 0u);
    context.key.add_pointer(index.get());
}

void SchemaObjectDdlNode::gather(GatherContext& context) const {
    context.key.add_kind(kind(), if_clause ? 1u : 0u);
    if (enumeration) {
        context.key.add_string(enumeration->name);
        for (const auto& label : enumeration->labels)
            context.key.add_string(label);
    } else {
        context.key.add_string(sequence.schema);
        context.key.add_string(sequence.name);
        context.key.add(sequence.start ? static_cast<std::uint64_t>(*sequence.start) : 0);
        context.key.add(sequence.increment ? static_cast<std::uint64_t>(*sequence.increment) : 0);
        context.key.add((sequence.start ? 1u : 0u) | (sequence.increment ? 2u : 0u));
    }
}

namespace {
std::shared_ptr<const TableNode> table_of(const Table& table) {
    if (table.empty()) throw ArgumentError("DDL needs a table");
    return table.table_ptr();
}
std::shared_ptr<const TableNode> index_table(const Index& index) {
    const auto& def = index.definition();
    if (!def)
        throw ArgumentError(
            "Index '" + index.name() +
            "' is not attached to a table; pass it in the Table's arguments, take it "
            "from table.index(name), or build it with Index::on()");
    // The definition's owner keeps the table alive; share that ownership.
    return std::shared_ptr<const TableNode>(def, def->table);
}
}  // namespace

DdlStatement create_table(const Table& table, bool if_not_exists) {
    return DdlStatement(
        std::make_shared<TableDdlNode>(NodeKind::CreateTable, table_of(table), if_not_exists));
}
DdlStatement drop_table(const Table& table, bool if_exists) {
    return DdlStatement(
        std::make_shared<TableDdlNode>(NodeKind::DropTable, table_of(table), if_exists));
}
DdlStatement create_index(const Index& index, bool if_not_exists) {
    auto table = index_table(index);
    return DdlStatement(std::make_shared<IndexDdlNode>(NodeKind::CreateIndex, index.definition(),
                                                       std::move(table), if_not_exists));
}
DdlStatement drop_index(const Index& index, bool if_exists) {
    auto table = index_table(index);
    return DdlStatement(std::make_shared<IndexDdlNode>(NodeKind::DropIndex, index.definition(),
                                                       std::move(table), if_exists));
}
DdlStatement create_sequence(const Sequence& sequence, bool if_not_exists) {
    return DdlStatement(std::make_shared<SchemaObjectDdlNode>(
        NodeKind::CreateSequence, sequence.definition, nullptr, if_not_exists));
}
DdlStatement drop_sequence(const Sequence& sequence, bool if_exists) {
    return DdlStatement(std::make_shared<SchemaObjectDdlNode>(
        NodeKind::DropSequence, sequence.definition, nullptr, if_exists));
}
DdlStatement create_enum_type(const Enum& type) {
    return DdlStatement(std::make_shared<SchemaObjectDdlNode>(
        NodeKind::CreateEnumType, SequenceDefinition{}, type.enumeration, false));
}
DdlStatement drop_enum_type(const Enum& type, bool if_exists) {
    return DdlStatement(std::make_shared<SchemaObjectDdlNode>(
        NodeKind::DropEnumType, SequenceDefinition{}, type.enumeration, if_exists));
}

}  // namespace retort
