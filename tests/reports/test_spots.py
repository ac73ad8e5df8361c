from assistant.reports.spots import spot_labels


def test_points_on_one_spot_share_one_label_at_the_first():
    points = [("1", 4.0, 4.0), ("2", 2.0, 3.0), ("3", 4.0, 4.01), ("4", 4.2, 4.0)]
    assert spot_labels(points) == ["1, 3", "2", "", "4"]


def test_apart_points_keep_their_own_labels():
    assert spot_labels([("1", 1, 1), ("2", 5, 5)]) == ["1", "2"]
    assert spot_labels([]) == []
