from alembic import context

from assistant.store.schema import Base

engine = context.config.attributes["engine"]

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:  # batch mode copies a table and drops the old one: that must not cascade into its children
        connection.connection.dbapi_connection.execute("PRAGMA foreign_keys = OFF")  # outside any transaction
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=sqlite,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
    if sqlite:
        connection.connection.dbapi_connection.execute("PRAGMA foreign_keys = ON")
