"""What tests compare of a shown output: everything, all but the numbers, or nothing."""

from finetune_docs.pages.cells import HUB_DATA, HUB_OUTPUT, Cell


def cell(*tags, output="{'accuracy': 0.5}"):
    return Cell("code", "metric.compute()", tags, 1, output, 3)


def test_plain_outputs_are_compared_in_full():
    assert cell().compared and cell().numbers_compared


def test_the_real_models_figures_are_compared_with_numbers_masked():
    assert cell(HUB_OUTPUT).compared and not cell(HUB_OUTPUT).numbers_compared


def test_the_real_hubs_data_is_not_compared():
    assert not cell(HUB_DATA).compared


def test_no_output_nothing_compared():
    assert not cell(output=None).compared
