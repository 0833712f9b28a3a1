-- The tamper-evident audit log (issue 4; docs/operations.md, "Audit chain"). Every audit row is a link
-- of two hash chains:
--  * its subject's chain (subject_seq 1, 2, ... in the order of the subject's events; prev_hash is the
--    hash of the subject's previous row, 64 zeros for the first), identical after every rebuild because
--    the events of one subject share a Kafka key and so arrive in one order;
--  * the global chain (chain_seq 1, 2, ... in the order in which the audit projector committed the rows;
--    global_prev_hash / global_hash), which may differ between rebuilds of a topic with several
--    partitions (the partitions interleave differently).
-- hash covers the row's content (dev.modelregistry.readmodel.AuditChainHash) and prev_hash; global_hash
-- covers chain_seq, hash and global_prev_hash. The projector computes them (SHA-256, hex) in the
-- transaction that inserts the rows and moves the heads below in the same transaction.
--
-- Rows written before this migration have no links (the columns are null there) and fail
-- verification: chain them by rebuilding the read model (docs/operations.md).
alter table audit_log
    add column chain_seq        bigint,
    add column subject_seq      bigint,
    add column prev_hash        text,
    add column hash             text,
    add column global_prev_hash text,
    add column global_hash      text;
-- no two rows at one place of a chain (no fork); also the orders in which verification walks the chains
alter table audit_log add constraint audit_log_chain_seq unique (chain_seq);
alter table audit_log add constraint audit_log_subject_seq unique (subject, subject_seq);

-- The head of the global chain: one row. Every transaction that appends audit rows locks it first
-- (select ... for update), which orders concurrent writers and makes chain_seq visible in commit order.
create table audit_chain_global (
    id        boolean primary key default true,
    chain_seq bigint  not null,
    hash      text    not null,
    constraint audit_chain_global_one_row check (id)
);
insert into audit_chain_global (id, chain_seq, hash) values (true, 0, repeat('0', 64));

-- The head of each subject's chain: its last row. Verification compares the last row of a chain with
-- its head, so a deleted last row is detected too.
create table audit_chain_subject (
    subject     text   primary key,
    subject_seq bigint not null,
    hash        text   not null,
    chain_seq   bigint not null
);
