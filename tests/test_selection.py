from mtcheck.selection import Selector, matches_prefix


def test_prefix_on_dot_boundaries():
    assert matches_prefix("MT.Terms.BatterySwap", "MT")
    assert matches_prefix("MT.Terms.BatterySwap", "MT.Terms")
    assert matches_prefix("MT.Terms.BatterySwap", "MT.Terms.BatterySwap")
    assert not matches_prefix("MT.Terms.BatterySwap", "MT.Term")
    assert not matches_prefix("MT.TermsX.A", "MT.Terms")
    assert matches_prefix("HARPER.Spelling", "harper")


def test_select_ignore_most_specific_wins():
    s = Selector.from_options(["MT"], ["MT.Intensifier"])
    assert s.enabled("MT.Terms.BatterySwap")
    assert not s.enabled("MT.Intensifier.Actively")
    assert not s.enabled("HARPER.Spelling")
    s = Selector.from_options(["MT.Intensifier.Actively"], ["MT.Intensifier"])
    assert s.enabled("MT.Intensifier.Actively")
    assert not s.enabled("MT.Intensifier.Vigorously")


def test_empty_select_means_all_and_commas_split():
    s = Selector.from_options([], ["HARPER,LM"])
    assert s.enabled("MT.Terms.X")
    assert not s.enabled("HARPER.Spelling")
    assert not s.enabled("LM.Surprisal")
