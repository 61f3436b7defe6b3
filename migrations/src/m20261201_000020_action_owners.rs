//! Actions as tasks (issue 11): `actions.owner_user_id` names the user responsible for an
//! action when it is one of breachdesk's users; the free-text `owner` stays for a named person
//! outside. Indexed for "Mina uppgifter" (every open action of one user).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Actions {
    Table,
    OwnerUserId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Actions::Table)
                    .add_column(ColumnDef::new(Actions::OwnerUserId).uuid().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("actions_owner_user_id")
                    .table(Actions::Table)
                    .col(Actions::OwnerUserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("actions_owner_user_id").table(Actions::Table).to_owned()).await?;
        manager.alter_table(Table::alter().table(Actions::Table).drop_column(Actions::OwnerUserId).to_owned()).await
    }
}
