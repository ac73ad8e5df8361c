"""Indicators against the work plan: the target it sets for each, and their order by age."""

from assistant.forum.indicators import AgeStage, Indicator


def test_the_plan_sets_an_indicators_target_where_a_goal_names_it_as_its_metric():
    from assistant.forum.indicators import PlanTarget, by_stage, plan_targets
    from assistant.forum.work_plan import FocusArea, WorkPlan

    youth = Indicator("השתתפות בתנועות נוער", 17, "%", age_stage=AgeStage.SECONDARY)
    people = Indicator("תושבים", 18642)
    graduates = Indicator("אקדמאים", 10, "%", age_stage=AgeStage.HIGHER_EDUCATION)
    plan = WorkPlan(focus_areas=(
        FocusArea("מרכז STEM", operational=(
            {"goal": "א", "metrics": "מספר התושבים-המתנדבים", "targets": "200"},  # not the indicator's phrase
            {"goal": "ב", "metrics": "השתתפות  בתנועות נוער (בסיס: 17%)", "targets": " 25%   עד 2028 "},
            {"goal": "ג", "metrics": "אקדמאים", "targets": None},  # no target written
        )),
        FocusArea("השכלה", control=({"when": "2027", "measure": "שיעור האקדמאים", "target": "12%"},)),
    ))
    assert plan_targets(plan, [youth, people, graduates]) == [
        PlanTarget("25% עד 2028", "מרכז STEM"), None, None]  # "האקדמאים" is another word than "אקדמאים"
    assert plan_targets(plan, [Indicator("האקדמאים", 10)]) == [PlanTarget("12%", "השכלה")]  # from a control point
    assert plan_targets(None, [youth]) == [None]
    assert [stage for stage, _ in by_stage([graduates, youth, people])] == [None, AgeStage.SECONDARY,
                                                                             AgeStage.HIGHER_EDUCATION]


def test_a_goal_measured_by_several_indicators_gives_each_the_target_on_its_line():
    from assistant.forum.indicators import PlanTarget, plan_targets
    from assistant.forum.work_plan import FocusArea, WorkPlan

    youth, graduates = Indicator("השתתפות בתנועות נוער", 17, "%"), Indicator("אקדמאים", 10, "%")
    metrics = "השתתפות בתנועות נוער (בסיס: 17%)\nאקדמאים (בסיס: 10%)"
    lined = FocusArea("מרכז", operational=({"goal": "א", "metrics": metrics, "targets": "25%\n\n14%"},))
    assert plan_targets(WorkPlan(focus_areas=(lined,)), [youth, graduates]) == [
        PlanTarget("25%", "מרכז"), PlanTarget("14%", "מרכז")]
    one = FocusArea("מרכז", operational=({"goal": "א", "metrics": metrics, "targets": "שיפור בשני המדדים עד 2028"},))
    assert plan_targets(WorkPlan(focus_areas=(one,)), [youth, graduates]) == [
        PlanTarget("שיפור בשני המדדים עד 2028", "מרכז")] * 2


def test_the_dashboard_groups_by_domain_only_when_there_are_several():
    from assistant.forum.indicators import by_domain_and_stage

    youth = Indicator("תנועות נוער", 17, "%", domain="youth", age_stage=AgeStage.SECONDARY)
    stem = Indicator("בגרות במדעים", 30, "%", domain="stem", age_stage=AgeStage.SECONDARY)
    people = Indicator("תושבים", 18642)
    early = Indicator("מעונות", 80, "%", domain="youth", age_stage=AgeStage.EARLY_CHILDHOOD)
    assert by_domain_and_stage([youth, early]) == [(None, [(AgeStage.EARLY_CHILDHOOD, [early]),
                                                           (AgeStage.SECONDARY, [youth])])]
    assert by_domain_and_stage([people, youth, stem, early]) == [
        ("youth", [(AgeStage.EARLY_CHILDHOOD, [early]), (AgeStage.SECONDARY, [youth])]),
        ("stem", [(AgeStage.SECONDARY, [stem])]),
        (None, [(None, [people])])]
