using MudBlazor.Extensions;
using Flameup.Admin.Core.People;
using Bunit;
using Flameup.Admin.Components.Import;
using Flameup.Admin.Core.Import;
using MudBlazor;

namespace Flameup.Admin.Components.Tests.Import;

public sealed class CsvMappingEditorTests : ImportComponentContext
{
    [Fact]
    public async Task Shows_each_column_with_its_guessed_role_type_and_first_value()
    {
        var upload = await UploadAsync("p.csv", "User ID,E-mail,age,vip,plan\nu1,a@x.io,42,true,pro\n");
        var cut = Render<CsvMappingEditor>(p => p
            .Add(x => x.Mapping, upload.Inspection.Mapping!)
            .Add(x => x.FirstRow, upload.Inspection.FirstRow));

        var roles = cut.FindComponents<MudSelect<ColumnRole>>().Select(s => s.Instance.GetState(x => x.Value)).ToArray();
        Assert.Equal([ColumnRole.UserId, ColumnRole.Email, ColumnRole.Trait, ColumnRole.Trait, ColumnRole.Trait], roles);
        var types = cut.FindComponents<MudSelect<TraitType>>().Select(s => s.Instance.GetState(x => x.Value)).ToArray();
        Assert.Equal([TraitType.Number, TraitType.Boolean, TraitType.Text], types); // only trait columns have a type
        Assert.Contains("a@x.io", cut.Find("[data-testid=mapping-row-1]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=mapping-problem]"));
    }

    [Fact]
    public async Task Changing_a_role_or_type_hands_back_the_new_mapping_and_problems_are_shown()
    {
        var upload = await UploadAsync("p.csv", "userId,email,age\nu1,a@x.io,42\n");
        CsvMapping? changed = null;
        var cut = Render<CsvMappingEditor>(p => p
            .Add(x => x.Mapping, upload.Inspection.Mapping!)
            .Add(x => x.MappingChanged, m => changed = m));

        await cut.InvokeAsync(() => cut.FindComponents<MudSelect<TraitType>>()[0].Instance.ValueChanged.InvokeAsync(TraitType.Text));
        Assert.Equal(TraitType.Text, changed!.Columns[2].Type);

        await cut.InvokeAsync(() => cut.FindComponents<MudSelect<ColumnRole>>()[2].Instance.ValueChanged.InvokeAsync(ColumnRole.UserId));
        Assert.Equal(ColumnRole.UserId, changed!.Columns[2].Role);

        cut.Render(p => p.Add(x => x.Mapping, changed));
        var problem = cut.Find("[data-testid=mapping-problem]");
        Assert.Equal("column 1 ('userId') and column 3 ('age') are all mapped to userId; choose one.", problem.TextContent);
    }

    [Fact]
    public async Task The_empty_cell_choice_is_handed_back()
    {
        var upload = await UploadAsync("p.csv", "userId,plan\nu1,\n");
        CsvMapping? changed = null;
        var cut = Render<CsvMappingEditor>(p => p
            .Add(x => x.Mapping, upload.Inspection.Mapping!)
            .Add(x => x.MappingChanged, m => changed = m));
        await cut.InvokeAsync(() => cut.FindComponent<MudRadioGroup<EmptyCells>>().Instance.ValueChanged.InvokeAsync(EmptyCells.Remove));
        Assert.Equal(EmptyCells.Remove, changed!.EmptyCells);
    }
}
