"""What is specific to lec2's tests and catalogue: the coverage of COURSE_SPEC section 2, the words of
the messages that once blamed the wrong thing (issue 21), in both languages, and a forward that
caches. The checks that every assignment's catalogue passes are in tests/test_catalogue.py.

Which clause of COURSE_SPEC section 2 each test exercises, and through which mistakes of the catalogue:

| clause | visible test (hidden test) | mistakes caught |
| --- | --- | --- |
| add_bias, 1-D and 2-D | test_add_bias | bias_last, bias_zero, bias_row_2d |
| sigmoid, sigmoid_prime; no overflow for large abs(u) | test_sigmoid (hidden_stability) | sigmoid_*, sigmoid_prime_* |
| tanh, relu and derivatives; relu_prime(0) == 0 | test_tanh_relu (hidden_tanh_relu) | tanh_prime_*, relu_* |
| softmax of a vector and of each row; finite up to 1e4 | test_softmax (hidden_stability) | unstable_softmax, softmax_* |
| cross_entropy: float for one sample, mean over rows | test_cross_entropy | ce_* |
| forward (u, z, y), z with its leading 1; argument f | test_forward_shapes, test_forward_seed000 | forward_* |
| backward (grad_W, grad_V); argument f_prime | test_backward_shapes, test_backward_gradcheck (hidden_gradcheck_random, hidden_tanh_relu) | transpose_bug, bias_slice, delta2_sign, fprime_of_z, grad_W_transposed, backward_*, grad_V_without_bias |
| sgd_step: weights before the step; f, f_prime; new arrays | test_sgd_step_seed000 (hidden_weights_before_step) | v_updated_first, sgd_* |
| train: order of samples, losses after each epoch; f, f_prime (tanh, ReLU); no mutation | test_train (hidden_train_reference, hidden_overfit, hidden_accuracy) | global_rng, train_* |
| predict: integer labels (n,); argument f | test_predict (hidden_predict_reference) | predict_* |
| confusion_matrix (m, m) integers, rows actual, sized by m | test_confusion_accuracy (hidden_confusion_reference) | confusion_* |
| accuracy: a float fraction | test_confusion_accuracy | accuracy_* |
| return types, no mutation of inputs | test_cross_entropy, test_predict, test_confusion_accuracy; test_add_bias, test_sigmoid, test_softmax, test_backward_shapes, test_backward_gradcheck, test_sgd_step_seed000, test_train (hidden_no_mutation) | sigmoid_in_place, backward_writes_y, backward_zeroes_V_bias, sgd_in_place, train_shuffle_in_place |

A forward that keeps its results by x alone (a cache) is graded apart, from a fresh start on each draw:
its state would carry from one replay to the next, which no kernel's does
(test_a_forward_that_caches_by_x_is_named_first).
"""
import nbformat
import pytest

import testcell

from autograder.grading.catalogue import load_catalogue
from autograder.course import Course
from autograder.languages import text
from autograder.grading.judge import judge_cell
from autograder import outcomes
from autograder.grading.diagnose import same
from autograder.grading.replay import replay
from assignments import catalogue_in
from replaying import CatalogueGrader

CATALOGUE = load_catalogue(Course(), "lec2")
LONG = CATALOGUE.slow


@pytest.fixture(scope="module")
def grader():
    nb = nbformat.read(Course().source_notebook("lec2"), as_version=4)
    return CatalogueGrader(nb, CATALOGUE, LONG, Course().source_notebook("lec2").parent)


def test_the_catalogue_covers_the_spec():
    assert len(CATALOGUE.mistakes) >= 30
    assert LONG == {"hidden_overfit", "hidden_train_reference", "hidden_accuracy"}


# ---------------------------------------------------------------- issue 21: messages that once blamed the wrong thing
# The first message of each mistake in Japanese: the English words are the mistake's `says`.
JAPANESE_SAYS = {
    "sigmoid_overflow": ["sigmoid", "絶対値の大きい負の u", "sigmoid の既知の誤り"],
    "sigmoid_in_place": ["sigmoid(U)", "その場で書き換え"],
    "softmax_global_max": ["softmax", "各行をその行の最大値で"],
    "forward_z_without_one": ["forward", "(8,)"],
    "backward_V_with_bias": ["backward", "V のバイアスの列が残って"],
    "backward_writes_y": ["backward", "引数 y をその場で書き換え"],
    "backward_zeroes_V_bias": ["backward", "引数 V をその場で書き換え"],
    "grad_W_transposed": ["backward", "grad_W", "(6, 7)"],
    "train_rng_every_epoch": ["train", "最初のエポックの前に 1 回だけ"],
    "predict_column": ["predict", "(4, 1)"],
    "confusion_transposed": ["confusion_matrix", "転置"],
    "confusion_pair_once": ["confusion_matrix", "1 回しか"],
    "confusion_histogram2d": ["confusion_matrix", "正しい行列は"],
}
# Messages after the first that blamed another function or a right value: {(mistake, test): (English, Japanese)}
LATER_SAYS = {
    ("forward_z_without_one", "test_forward_seed000"): (["forward's z is", "the bias entry 1 first"],
                                                        ["forward の z が", "先頭がバイアスの成分 1"]),
    ("backward_writes_y", "test_backward_gradcheck"): (["forward's (u, z, y) are right", "its argument y"],
                                                       ["forward の (u, z, y) は正しい", "引数 y"]),
    ("backward_zeroes_V_bias", "test_sgd_step_seed000"): (["backward(x, d, V, u, z, y) changed its argument V"],
                                                          ["backward(x, d, V, u, z, y) が引数 V"]),
    ("grad_W_transposed", "test_backward_gradcheck"): (["backward returned gradients of shapes (6, 7) and (3, 8)"],
                                                       ["backward が返した勾配の形が (6, 7) と (3, 8)"]),
    ("grad_W_transposed", "test_sgd_step_seed000"): (["raised in sgd_step(", "on grad_W of shape (3, 2), which backward returned"],
                                                     ["sgd_step(", "（backward が返した形 (3, 2) の grad_W で）"]),
    ("grad_W_transposed", "test_train"): (["on grad_W of shape (6, 7), which backward returned, called by train"],
                                          ["（backward が返した形 (6, 7) の grad_W で）（呼び出し元: train）"]),
    ("predict_column", "hidden_predict_reference"): (["predict of 150 samples has shape (150, 1)"],
                                                     ["predict の形が (150, 1)", "正しい形は (150,)"]),
}
NEVER_SAID = {  # words that a message must not hold: the wrong blame it once gave
    ("forward_z_without_one", "test_forward_seed000"): "u = W @ add_bias(x)",
    ("backward_writes_y", "test_backward_gradcheck"): "forward is wrong",
    ("backward_zeroes_V_bias", "test_sgd_step_seed000"): "W - eta * dE/dW",
    ("predict_column", "hidden_predict_reference"): "of 150 predicted labels",
    ("grad_W_transposed", "test_backward_gradcheck"): "could not be checked",
    ("grad_W_transposed", "test_sgd_step_seed000"): "called by",
    ("grad_W_transposed", "test_train"): "called by sgd_step",
}


@pytest.fixture(scope="module")
def japanese():
    from autograder.course import Course
    nb = nbformat.read(Course().edition_notebook("lec2", "ja"), as_version=4)
    return CatalogueGrader(nb, catalogue_in("lec2", "ja"), LONG, Course().source_folder("lec2"), "ja")


@pytest.mark.parametrize("name", JAPANESE_SAYS)
def test_the_first_message_says_it_in_japanese_too(japanese, name):
    verdicts = japanese.verdicts(name, "20261130", diagnosed=True)
    first = next(verdicts[test].message for test, _ in japanese.tests if not verdicts[test].passed)
    assert all(words in first for words in JAPANESE_SAYS[name]), first


@pytest.mark.parametrize("mistake, test", LATER_SAYS)
def test_a_later_message_blames_what_is_wrong(grader, japanese, mistake, test):
    for language, chosen in zip(("en", "ja"), (grader, japanese)):
        message = chosen.verdicts(mistake, "20261130")[test].message
        assert all(words in message for words in LATER_SAYS[mistake, test][language == "ja"]), message
        assert NEVER_SAID[mistake, test] not in message, message


def test_no_known_mistake_is_named_in_a_function_that_passes_its_own_tests(grader):
    """A sigmoid that writes into its argument hands backward f(u) for u: records of backward's later tests
    are exactly what 'f_prime evaluated at z' gives, but backward passes its own test, and is not blamed."""
    verdicts = grader.verdicts("sigmoid_in_place", "20261130", diagnosed=True)
    source = dict(grader.tests)["hidden_gradcheck_random"].source
    mine = replay(source, grader.namespaces["sigmoid_in_place"], "20261130")
    assert same(mine, replay(source, grader.namespaces["fprime_of_z"], "20261130"))  # the record alone would name it
    assert not verdicts["hidden_gradcheck_random"].passed
    assert {v.mistake for v in verdicts.values()} <= {None, CATALOGUE["sigmoid_in_place"].words}


FORWARD_CACHE = [  # forward that keeps its results by x alone: state, which a replay cannot share, so not in the catalogue
    ("forward", "def forward(x, W, V, f=sigmoid):", "def forward(x, W, V, f=sigmoid, _cache={}):"),
    ("forward", "    u = W @ add_bias(x)\n    z = add_bias(f(u))\n    y = softmax(V @ z)\n    return u, z, y",
     "    key = np.asarray(x).tobytes()\n    if key not in _cache:\n        u = W @ add_bias(x)\n"
     "        z = add_bias(f(u))\n        y = softmax(V @ z)\n        _cache[key] = (u, z, y)\n    return _cache[key]"),
]


@pytest.mark.parametrize("language, words", [("en", ["forward(x, W, V) and forward(x, W_other, V_other)", "cache"]),
                                             ("ja", ["forward(x, W, V) と forward(x, W_other, V_other)", "キャッシュ"])])
@pytest.mark.parametrize("seed", ["20261130", "101", "102"])
def test_a_forward_that_caches_by_x_is_named_first(language, words, seed):
    """Graded from a fresh start on each draw, as a kernel would: its first failed test is forward's own."""
    from autograder.course import Course
    from autograder.grading.diagnose import diagnose
    from autograder.grading.judge import course_say
    from autograder.grading.replay import namespace_with
    with text.speaking(language):
        nb = nbformat.read(Course().edition_notebook("lec2", language), as_version=4)
        namespace, say = namespace_with(nb, FORWARD_CACHE), course_say(Course().source_folder("lec2"))
        tests = [(g, cell) for g, _, cell in outcomes.test_cells(nb) if g not in LONG]
        records = {g: replay(cell.source, namespace, seed) for g, cell in tests}
        verdicts = {g: judge_cell(cell.source, g, namespace_with(nb, ()), records, seed, say) for g, cell in tests}
        diagnose(nb, verdicts, records, seed, load_catalogue(Course(), "lec2"))
    failed = [g for g, _ in tests if not verdicts[g].passed]
    assert failed[0] == "test_forward_shapes"
    assert all(w in verdicts[failed[0]].message for w in words), verdicts[failed[0]].message
    assert all(v.mistake is None for v in verdicts.values())  # no known mistake explains it, none is named
    assert "V3" in verdicts["test_forward_seed000"].message  # its same result for other weights, not "argument f"
    assert training_gate(nb, namespace, language) == say("hidden_training_gate_forward")  # not "train is wrong"


def training_gate(nb, namespace, language):
    """What the long tests' gate says of the functions in `namespace`: their fixed probe, judged."""
    from autograder.grading.judge import course_say
    from autograder.grading.replay import namespace_with, quietly
    source = next(cell.source for g, _, cell in outcomes.test_cells(nb) if g == "hidden_overfit")
    cell = dict(namespace, check=lambda *args, **kwargs: None, test_rng=lambda k: testcell.rng_for(k, "0"))
    quietly(source, cell)
    probed = testcell.unpack(testcell.pack(cell["training_probe"]()))
    with text.speaking(language):
        say = course_say(Course().source_folder("lec2"))
    reference = dict(namespace_with(nb, ()), check=lambda *args, **kwargs: None,
                     test_rng=lambda k: testcell.rng_for(k, "0"), say=say)
    quietly(source, reference)
    return reference["training_gate"](probed)
