namespace Memoize.Core.Templates;

/// <summary>What a piece of a templated string is.</summary>
public enum TemplateSegmentKind
{
    /// <summary>Plain text outside any <c>{{...}}</c> tag.</summary>
    Literal,

    /// <summary>A simple tag such as <c>{{inputs.parameters.message}}</c>, replaced by a variable's value.</summary>
    Variable,

    /// <summary>An expression tag such as <c>{{=sprig.trunc(8, inputs.parameters.sha)}}</c>, evaluated by Argo at run time only.</summary>
    Expression,
}
