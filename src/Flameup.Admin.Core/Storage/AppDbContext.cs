using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Flameup.Admin.Core.Import;
using Microsoft.EntityFrameworkCore;

namespace Flameup.Admin.Core.Storage;

public sealed class AppDbContext(DbContextOptions<AppDbContext> options)
    : IdentityDbContext<AdminUser>(options), IDataProtectionKeyContext
{
    public DbSet<WorkspaceRow> Workspaces => Set<WorkspaceRow>();
    public DbSet<PersonRow> People => Set<PersonRow>();
    public DbSet<PersonEventRow> PersonEvents => Set<PersonEventRow>();
    public DbSet<PeopleCountRow> PeopleCounts => Set<PeopleCountRow>();
    public DbSet<ApiKeyRow> ApiKeys => Set<ApiKeyRow>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<ImportJobRow> Imports => Set<ImportJobRow>();
    public DbSet<ImportFailureRow> ImportFailures => Set<ImportFailureRow>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);

        b.Entity<WorkspaceRow>(e =>
        {
            e.ToTable("workspaces");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Name).HasColumnName("name");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
        });

        b.Entity<PersonRow>(e =>
        {
            e.ToTable("people");
            e.HasKey(x => x.Pk);
            e.Property(x => x.Pk).HasColumnName("pk").ValueGeneratedOnAdd();
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id");
            e.Property(x => x.UserId).HasColumnName("user_id");
            e.Property(x => x.Email).HasColumnName("email").UseCollation("NOCASE");
            e.Property(x => x.Status).HasColumnName("status");
            e.Property(x => x.Traits).HasColumnName("traits");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.UpdatedAt).HasColumnName("updated_at");
            e.HasIndex(x => x.Id).IsUnique().HasDatabaseName("ux_people_id");
            e.HasIndex(x => new { x.WorkspaceId, x.UserId }).IsUnique().HasDatabaseName("ux_people_ws_user");
            e.HasIndex(x => new { x.WorkspaceId, x.Email, x.Id }).HasDatabaseName("ix_people_ws_email");
            e.HasIndex(x => new { x.WorkspaceId, x.CreatedAt, x.Id }).HasDatabaseName("ix_people_ws_created");
            e.HasIndex(x => new { x.WorkspaceId, x.UpdatedAt, x.Id }).HasDatabaseName("ix_people_ws_updated");
        });

        b.Entity<PersonEventRow>(e =>
        {
            e.ToTable("person_events");
            e.HasKey(x => x.Pk);
            e.Property(x => x.Pk).HasColumnName("pk").ValueGeneratedOnAdd();
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id");
            e.Property(x => x.PersonId).HasColumnName("person_id");
            e.Property(x => x.AnonymousId).HasColumnName("anonymous_id");
            e.Property(x => x.Name).HasColumnName("name");
            e.Property(x => x.Properties).HasColumnName("properties");
            e.Property(x => x.Timestamp).HasColumnName("timestamp");
            e.HasIndex(x => new { x.PersonId, x.Timestamp }).HasDatabaseName("ix_events_person_time");
            e.HasIndex(x => new { x.WorkspaceId, x.Timestamp }).HasDatabaseName("ix_events_ws_time");
            e.HasIndex(x => new { x.WorkspaceId, x.AnonymousId })
                .HasFilter("person_id IS NULL").HasDatabaseName("ix_events_anonymous");
        });

        b.Entity<PeopleCountRow>(e =>
        {
            e.ToTable("people_counts");
            e.HasKey(x => new { x.WorkspaceId, x.Status });
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id");
            e.Property(x => x.Status).HasColumnName("status");
            e.Property(x => x.Count).HasColumnName("n");
        });

        b.Entity<ApiKeyRow>(e =>
        {
            e.ToTable("api_keys");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id");
            e.Property(x => x.Name).HasColumnName("name");
            e.Property(x => x.Prefix).HasColumnName("prefix");
            e.Property(x => x.Hash).HasColumnName("hash");
            e.Property(x => x.Scopes).HasColumnName("scopes");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.RevokedAt).HasColumnName("revoked_at");
            e.Property(x => x.LastUsedAt).HasColumnName("last_used_at");
            e.HasIndex(x => x.Hash).IsUnique().HasDatabaseName("ux_api_keys_hash");
            e.HasIndex(x => x.WorkspaceId).HasDatabaseName("ix_api_keys_ws");
        });
        b.Entity<ImportJobRow>(e =>
        {
            e.ToTable("imports");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id");
            e.Property(x => x.FileName).HasColumnName("file_name");
            e.Property(x => x.FileSize).HasColumnName("file_size");
            e.Property(x => x.Format).HasColumnName("format");
            e.Property(x => x.OptionsJson).HasColumnName("options");
            e.Property(x => x.Status).HasColumnName("status");
            e.Property(x => x.RowsDone).HasColumnName("rows_done");
            e.Property(x => x.LineReached).HasColumnName("line_reached");
            e.Property(x => x.CreatedCount).HasColumnName("created_count");
            e.Property(x => x.UpdatedCount).HasColumnName("updated_count");
            e.Property(x => x.FailedCount).HasColumnName("failed_count");
            e.Property(x => x.Error).HasColumnName("error");
            e.Property(x => x.StartedBy).HasColumnName("started_by");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.FinishedAt).HasColumnName("finished_at");
            e.Property(x => x.Owner).HasColumnName("owner");
            e.Property(x => x.LeaseUntil).HasColumnName("lease_until");
            e.HasIndex(x => new { x.WorkspaceId, x.CreatedAt }).HasDatabaseName("ix_imports_ws_created");
            // One running import per workspace, decided by the database whichever host starts it.
            e.HasIndex(x => x.WorkspaceId).IsUnique().HasFilter("status = 'running'").HasDatabaseName("ux_imports_ws_running");
        });

        b.Entity<ImportFailureRow>(e =>
        {
            e.ToTable("import_failures");
            e.HasKey(x => x.Pk);
            e.Property(x => x.Pk).HasColumnName("pk").ValueGeneratedOnAdd();
            e.Property(x => x.ImportId).HasColumnName("import_id");
            e.Property(x => x.Line).HasColumnName("line");
            e.Property(x => x.Reason).HasColumnName("reason");
            e.Property(x => x.Data).HasColumnName("data");
            e.HasIndex(x => new { x.ImportId, x.Line }).HasDatabaseName("ix_import_failures_import_line");
        });
    }
}
