namespace Flameup.Admin.Core.People;

/// <summary>How a trait value is typed by a person: in the traits editor and in CSV column mapping.</summary>
public enum TraitType { Text, Number, Boolean, Json }
