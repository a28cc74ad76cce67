"""The known mistakes of assignment lec1: what students really do, each an edit of the solution.

Instructor-only: this folder (ref/) is left out of the release and hidden from students' code at
grading. Plain data, no imports, read by autograder/grading/catalogue.py, whose docstring says what
each field of a mistake means. tests/test_catalogue.py grades them all; tests/test_grading.py grades
the DEMO class end to end.
"""
# the mistakes the demo class makes (besides the solution and a blank notebook), in its order
DEMO = ['bce_log0', 'gradient_sign', 'predict_binary_sigmoid_half', 'boundary_slope_sign', 'step_transposed', 'train_logistic_rng_every_epoch', 'confusion_transposed']
# tests that train for long: the diagnosis does not replay them (their messages name the function to fix first)
SLOW = ['hidden_train_softmax_reference', 'hidden_accuracy']

MISTAKES = [
    dict(
        name='bias_last', function='add_bias',
        words='the bias entry 1 appended last instead of first',
        edits=[
            ('add_bias', 'np.concatenate(([1.0], x))',
             'np.concatenate((x, [1.0]))'),
        ],
        fails=['hidden_accuracy', 'hidden_gradcheck', 'hidden_train_logistic_reference', 'hidden_train_softmax_reference', 'test_add_bias', 'test_logistic', 'test_logistic_gradient', 'test_softmax_regression_step', 'test_train_logistic'],
        says=['add_bias', 'first']),
    dict(
        name='bias_row_2d', function='add_bias',
        words='for a 2-D array, a row of ones on top instead of a column of ones on the left',
        edits=[
            ('add_bias', 'np.hstack([np.ones((x.shape[0], 1)), x])',
             'np.vstack([np.ones((1, x.shape[1])), x])'),
        ],
        fails=['hidden_accuracy', 'hidden_no_mutation', 'hidden_predict_reference', 'hidden_stability', 'hidden_train_logistic_reference', 'hidden_train_softmax_reference', 'test_add_bias', 'test_logistic', 'test_predict', 'test_predict_binary', 'test_train_logistic', 'test_train_softmax_regression'],
        says=['add_bias', 'first column']),
    dict(
        name='sigmoid_overflow', function='sigmoid',
        words='sigmoid as 1 / (1 + exp(-u)), which overflows for large negative u',
        edits=[
            ('sigmoid_softmax', '    e = np.exp(-np.abs(u))  # never overflows; both branches below equal 1/(1+exp(-u))\n    return np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))',
             '    return 1 / (1 + np.exp(-u))'),
        ],
        fails=['hidden_stability', 'test_sigmoid'],
        says=['sigmoid', 'u = -800']),
    dict(
        name='sigmoid_where_both', function='sigmoid',
        words='np.where with two formulas, both computed for every u: one of them overflows',
        edits=[
            ('sigmoid_softmax', '    e = np.exp(-np.abs(u))  # never overflows; both branches below equal 1/(1+exp(-u))\n    return np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))',
             '    return np.where(u >= 0, 1.0 / (1.0 + np.exp(-u)), np.exp(u) / (1.0 + np.exp(u)))'),
        ],
        fails=['hidden_stability', 'test_sigmoid'],
        says=['sigmoid', 'np.where']),
    dict(
        name='unstable_softmax', function='softmax',
        words='softmax without the max shift: overflows for large inputs',
        edits=[
            ('sigmoid_softmax', 'e = np.exp(a - np.max(a, axis=-1, keepdims=True))  # shifting by the max changes nothing but overflow',
             'e = np.exp(a)'),
        ],
        fails=['hidden_stability', 'test_softmax'],
        says=['softmax', 'finite']),
    dict(
        name='softmax_global_max', function='softmax',
        words="softmax shifted by the maximum of the whole array instead of each row's",
        edits=[
            ('sigmoid_softmax', 'np.max(a, axis=-1, keepdims=True)',
             'np.max(a)'),
        ],
        fails=['hidden_stability', 'test_softmax'],
        says=['softmax', 'its own maximum']),
    dict(
        name='softmax_columns', function='softmax',
        words='softmax normalised over the columns (axis=0) instead of each row',
        edits=[
            ('sigmoid_softmax', 'e / np.sum(e, axis=-1, keepdims=True)',
             'e / np.sum(e, axis=0, keepdims=True)'),
        ],
        fails=['hidden_stability', 'hidden_train_softmax_reference', 'test_softmax', 'test_train_softmax_regression'],
        says=['softmax', 'each row']),
    dict(
        name='logistic_no_bias_weight', function='logistic',
        words='logistic leaves out the bias: sigmoid(X @ w[1:]) without w0',
        edits=[
            ('logistic', 'y = sigmoid(add_bias(x) @ w)',
             'y = sigmoid(x @ w[1:])'),
        ],
        fails=['hidden_gradcheck', 'hidden_no_mutation', 'hidden_train_logistic_reference', 'test_logistic', 'test_logistic_gradient', 'test_train_logistic'],
        says=['logistic', 'bias w0']),
    dict(
        name='logistic_inline_sigmoid', function='logistic',
        words='logistic computes 1 / (1 + exp(-u)) itself instead of the stable sigmoid, and overflows for large |u|',
        edits=[
            ('logistic', 'y = sigmoid(add_bias(x) @ w)',
             'y = 1.0 / (1.0 + np.exp(-(add_bias(x) @ w)))'),
        ],
        fails=['hidden_stability'],
        says=['logistic(X, w)']),
    dict(
        name='logistic_batch_of_one', function='logistic',
        words='logistic treats one sample as a batch of one and returns an array of shape (1,) instead of a number',
        edits=[
            ('logistic', '    y = sigmoid(add_bias(x) @ w)\n    return float(y) if x.ndim == 1 else y',
             '    return sigmoid(add_bias(np.atleast_2d(x)) @ w)'),
        ],
        fails=['test_logistic'],
        says=['logistic', 'a number']),
    dict(
        name='bce_log0', function='binary_cross_entropy',
        words='binary_cross_entropy takes log(y) and log(1 - y) as they are: nan when y is exactly 0 or 1',
        edits=[
            ('binary_cross_entropy', 'E = -d * np.log(np.maximum(y, tiny)) - (1.0 - d) * np.log(np.maximum(1.0 - y, tiny))',
             'E = -d * np.log(y) - (1.0 - d) * np.log(1.0 - y)'),
        ],
        fails=['hidden_stability', 'test_binary_cross_entropy'],
        says=['binary_cross_entropy', 'exactly 0 or 1']),
    dict(
        name='bce_sum', function='binary_cross_entropy',
        words='binary_cross_entropy sums over the samples instead of averaging',
        edits=[
            ('binary_cross_entropy', 'float(np.mean(E))',
             'float(np.sum(E))'),
        ],
        fails=['hidden_train_logistic_reference', 'test_binary_cross_entropy'],
        says=['binary_cross_entropy', 'sum']),
    dict(
        name='bce_no_minus', function='binary_cross_entropy',
        words='binary_cross_entropy without its minus sign',
        edits=[
            ('binary_cross_entropy', 'E = -d * np.log(np.maximum(y, tiny)) - (1.0 - d) * np.log(np.maximum(1.0 - y, tiny))',
             'E = d * np.log(np.maximum(y, tiny)) + (1.0 - d) * np.log(np.maximum(1.0 - y, tiny))'),
        ],
        fails=['hidden_stability', 'hidden_train_logistic_reference', 'test_binary_cross_entropy'],
        says=['binary_cross_entropy', '0.223144']),
    dict(
        name='bce_only_d_term', function='binary_cross_entropy',
        words='binary_cross_entropy keeps only -d log y and loses the term -(1 - d) log(1 - y)',
        edits=[
            ('binary_cross_entropy', 'E = -d * np.log(np.maximum(y, tiny)) - (1.0 - d) * np.log(np.maximum(1.0 - y, tiny))',
             'E = -d * np.log(np.maximum(y, tiny))'),
        ],
        fails=['hidden_train_logistic_reference', 'test_binary_cross_entropy'],
        says=['binary_cross_entropy', 'missing']),
    dict(
        name='bce_log10', function='binary_cross_entropy',
        words='log base 10 instead of the natural log in binary_cross_entropy',
        edits=[
            ('binary_cross_entropy', 'E = -d * np.log(np.maximum(y, tiny)) - (1.0 - d) * np.log(np.maximum(1.0 - y, tiny))',
             'E = -d * np.log10(np.maximum(y, tiny)) - (1.0 - d) * np.log10(np.maximum(1.0 - y, tiny))'),
        ],
        fails=['hidden_train_logistic_reference', 'test_binary_cross_entropy'],
        says=['binary_cross_entropy', 'natural log']),
    dict(
        name='gradient_sign', function='logistic_gradient',
        words='the gradient with its sign flipped: (d - y) x̃ instead of (y - d) x̃',
        edits=[
            ('logistic_gradient', '(logistic(x, w) - d) * add_bias(x)',
             '(d - logistic(x, w)) * add_bias(x)'),
        ],
        fails=['hidden_gradcheck', 'hidden_train_logistic_reference', 'test_logistic_gradient', 'test_train_logistic'],
        says=['logistic_gradient', 'sign']),
    dict(
        name='gradient_no_bias_entry', function='logistic_gradient',
        words='the gradient without its bias entry: (y - d) x instead of (y - d) x̃',
        edits=[
            ('logistic_gradient', '(logistic(x, w) - d) * add_bias(x)',
             '(logistic(x, w) - d) * np.asarray(x)'),
        ],
        fails=['hidden_gradcheck', 'hidden_train_logistic_reference', 'test_logistic_gradient', 'test_train_logistic'],
        says=['logistic_gradient', 'bias']),
    dict(
        name='gradient_squared_error', function='logistic_gradient',
        words="the squared error's gradient: (y - d) y (1 - y) x̃, a factor f'(u) that the cross-entropy cancels",
        edits=[
            ('logistic_gradient', '(logistic(x, w) - d) * add_bias(x)',
             '(logistic(x, w) - d) * logistic(x, w) * (1.0 - logistic(x, w)) * add_bias(x)'),
        ],
        fails=['hidden_gradcheck', 'hidden_train_logistic_reference', 'test_logistic_gradient', 'test_train_logistic'],
        says=['logistic_gradient', 'y(1 - y)']),
    dict(
        name='gradient_of_u', function='logistic_gradient',
        words='the error taken at the pre-activation: (u - d) x̃ instead of (y - d) x̃',
        edits=[
            ('logistic_gradient', '(logistic(x, w) - d) * add_bias(x)',
             '(add_bias(x) @ w - d) * add_bias(x)'),
        ],
        fails=['hidden_gradcheck', 'hidden_train_logistic_reference', 'test_logistic_gradient', 'test_train_logistic'],
        says=['logistic_gradient', '(u - d)']),
    dict(
        name='train_logistic_global_rng', function='train_logistic',
        words="the wrong random generator in train_logistic: np.random's global one instead of np.random.default_rng(seed)",
        edits=[
            ('train_logistic', '    rng = np.random.default_rng(seed)',
             '    np.random.seed(seed)\n    rng = np.random'),
        ],
        fails=['hidden_train_logistic_reference', 'test_train_logistic'],
        says=['train_logistic', 'order of Step 4']),
    dict(
        name='train_logistic_rng_every_epoch', function='train_logistic',
        words='a new generator every epoch: every epoch visits the samples in the same order',
        edits=[
            ('train_logistic', '    rng = np.random.default_rng(seed)\n    losses = []\n    for epoch in range(epochs):\n',
             '    losses = []\n    for epoch in range(epochs):\n        rng = np.random.default_rng(seed)\n'),
        ],
        fails=['hidden_train_logistic_reference', 'test_train_logistic'],
        says=['train_logistic', 'once, before the first epoch']),
    dict(
        name='train_logistic_loss_before', function='train_logistic',
        words="each epoch's loss computed before the epoch's steps instead of after",
        edits=[
            ('train_logistic', '        for i in rng.permutation(len(X)):\n            w = w - eta * logistic_gradient(X[i], d[i], w)\n        losses.append(binary_cross_entropy(logistic(X, w), d))',
             '        losses.append(binary_cross_entropy(logistic(X, w), d))\n        for i in rng.permutation(len(X)):\n            w = w - eta * logistic_gradient(X[i], d[i], w)'),
        ],
        fails=['hidden_train_logistic_reference', 'test_train_logistic'],
        says=['train_logistic', 'end of each epoch']),
    dict(
        name='train_logistic_last_sample_loss', function='train_logistic',
        words="each epoch's loss is that of the last sample visited instead of the mean over all of X",
        edits=[
            ('train_logistic', 'losses.append(binary_cross_entropy(logistic(X, w), d))',
             'losses.append(binary_cross_entropy(logistic(X[i], w), d[i]))'),
        ],
        fails=['hidden_train_logistic_reference', 'test_train_logistic'],
        says=['train_logistic', 'over all of X']),
    dict(
        name='train_logistic_in_place', function='train_logistic',
        words="w updated in place (w -= ...): train_logistic changes the caller's w",
        edits=[
            ('train_logistic', 'w = w - eta * logistic_gradient(X[i], d[i], w)',
             'w -= eta * logistic_gradient(X[i], d[i], w)'),
        ],
        fails=['hidden_no_mutation', 'test_train_logistic'],
        says=['train_logistic', 'changed its argument']),
    dict(
        name='train_logistic_uphill', function='train_logistic',
        words='a step uphill: w + eta * dE/dw instead of w - eta * dE/dw',
        edits=[
            ('train_logistic', 'w = w - eta * logistic_gradient(X[i], d[i], w)',
             'w = w + eta * logistic_gradient(X[i], d[i], w)'),
        ],
        fails=['hidden_train_logistic_reference', 'test_train_logistic'],
        says=['train_logistic', 'uphill']),
    dict(
        name='predict_binary_geq', function='predict_binary',
        words='predict_binary says 1 where w·x̃ >= 0: a point on the boundary gets 1 instead of 0',
        edits=[
            ('predict_binary_boundary', '(add_bias(X) @ w > 0)',
             '(add_bias(X) @ w >= 0)'),
        ],
        fails=['test_predict_binary'],
        says=['predict_binary', 'boundary']),
    dict(
        name='predict_binary_sigmoid_half', function='predict_binary',
        words='predict_binary compares sigmoid(w·x̃) >= 0.5, which rounds to 0.5 near the boundary',
        edits=[
            ('predict_binary_boundary', '(add_bias(X) @ w > 0)',
             '(logistic(X, w) >= 0.5)'),
        ],
        fails=['test_predict_binary'],
        says=['predict_binary', 'boundary']),
    dict(
        name='boundary_slope_sign', function='boundary',
        words='the slope of the boundary with its sign flipped: w1/w2 instead of -w1/w2',
        edits=[
            ('predict_binary_boundary', 'return -w1 / w2, -w0 / w2',
             'return w1 / w2, -w0 / w2'),
        ],
        fails=['hidden_boundary_reference', 'test_boundary'],
        says=['boundary', 'sign']),
    dict(
        name='boundary_intercept_w1', function='boundary',
        words='the intercept of the boundary divided by w1 instead of w2: -w0/w1',
        edits=[
            ('predict_binary_boundary', 'return -w1 / w2, -w0 / w2',
             'return -w1 / w2, -w0 / w1'),
        ],
        fails=['hidden_boundary_reference', 'test_boundary'],
        says=['boundary', 'intercept']),
    dict(
        name='boundary_swapped', function='boundary',
        words='boundary returns (intercept, slope) instead of (slope, intercept)',
        edits=[
            ('predict_binary_boundary', 'return -w1 / w2, -w0 / w2',
             'return -w0 / w2, -w1 / w2'),
        ],
        fails=['hidden_boundary_reference', 'test_boundary'],
        says=['boundary', '(slope, intercept)']),
    dict(
        name='boundary_no_check', function='boundary',
        words='boundary divides by w2 without checking it: ZeroDivisionError instead of ValueError when w2 = 0',
        edits=[
            ('predict_binary_boundary', '    if w2 == 0.0:\n        raise ValueError("w2 = 0: the boundary w0 + w1 x1 = 0 is vertical, x2 = slope x1 + intercept cannot describe it")\n',
             ''),
        ],
        fails=['hidden_boundary_reference', 'test_boundary'],
        says=['boundary', 'ZeroDivisionError']),
    dict(
        name='step_uphill', function='softmax_regression_step',
        words='a step uphill: W + eta * dE/dW instead of W - eta * dE/dW',
        edits=[
            ('softmax_regression_step', 'return W - eta * np.outer(y - d, x_tilde)',
             'return W + eta * np.outer(y - d, x_tilde)'),
        ],
        fails=['hidden_accuracy', 'hidden_train_softmax_reference', 'test_softmax_regression_step'],
        says=['softmax_regression_step', 'uphill']),
    dict(
        name='step_transposed', function='softmax_regression_step',
        words='the outer product transposed: np.outer(x̃, y - d) instead of np.outer(y - d, x̃)',
        edits=[
            ('softmax_regression_step', 'np.outer(y - d, x_tilde)',
             'np.outer(x_tilde, y - d)'),
        ],
        fails=['hidden_accuracy', 'hidden_train_softmax_reference', 'test_softmax_regression_step', 'test_train_softmax_regression'],
        says=['softmax_regression_step', 'transposed']),
    dict(
        name='step_in_place', function='softmax_regression_step',
        words="W updated in place (W -= ...): softmax_regression_step changes the caller's W",
        edits=[
            ('softmax_regression_step', '    return W - eta * np.outer(y - d, x_tilde)',
             '    W -= eta * np.outer(y - d, x_tilde)\n    return W'),
        ],
        fails=['hidden_accuracy', 'hidden_no_mutation', 'hidden_train_softmax_reference', 'test_softmax_regression_step', 'test_train_softmax_regression'],
        says=['softmax_regression_step', 'changed its argument']),
    dict(
        name='step_no_bias', function='softmax_regression_step',
        words='softmax_regression_step uses x instead of x̃ = add_bias(x)',
        edits=[
            ('softmax_regression_step', 'x_tilde = add_bias(x)',
             'x_tilde = np.asarray(x)'),
        ],
        fails=['hidden_accuracy', 'hidden_train_softmax_reference', 'test_softmax_regression_step', 'test_train_softmax_regression'],
        says=['softmax_regression_step', 'ValueError']),
    dict(
        name='train_softmax_rng_every_epoch', function='train_softmax_regression',
        words='a new generator every epoch: every epoch visits the samples in the same order',
        edits=[
            ('train_softmax_regression', '    rng = np.random.default_rng(seed)\n    losses = []\n    for epoch in range(epochs):\n',
             '    losses = []\n    for epoch in range(epochs):\n        rng = np.random.default_rng(seed)\n'),
        ],
        fails=['hidden_accuracy', 'hidden_train_softmax_reference', 'test_train_softmax_regression'],
        says=['train_softmax_regression', 'once, before the first epoch']),
    dict(
        name='train_softmax_loss_before', function='train_softmax_regression',
        words="each epoch's loss computed before the epoch's steps instead of after",
        edits=[
            ('train_softmax_regression', '        for i in rng.permutation(len(X)):\n            W = softmax_regression_step(X[i], D[i], W, eta)\n        Y = softmax(add_bias(X) @ W.T)\n',
             '        Y = softmax(add_bias(X) @ W.T)\n        for i in rng.permutation(len(X)):\n            W = softmax_regression_step(X[i], D[i], W, eta)\n'),
        ],
        fails=['hidden_train_softmax_reference', 'test_train_softmax_regression'],
        says=['train_softmax_regression', 'end of each epoch']),
    dict(
        name='train_softmax_not_assigned', function='train_softmax_regression',
        words="softmax_regression_step's result not assigned back to W",
        edits=[
            ('train_softmax_regression', 'W = softmax_regression_step(X[i], D[i], W, eta)',
             'softmax_regression_step(X[i], D[i], W, eta)'),
        ],
        fails=['hidden_accuracy', 'hidden_train_softmax_reference', 'test_train_softmax_regression'],
        says=['train_softmax_regression']),
    dict(
        name='predict_axis0', function='predict',
        words='predict takes the argmax over the samples (axis=0) instead of over the classes',
        edits=[
            ('evaluation', 'np.argmax(add_bias(X) @ W.T, axis=1)',
             'np.argmax(add_bias(X) @ W.T, axis=0)'),
        ],
        fails=['hidden_predict_reference', 'test_predict'],
        says=['predict', '(7,)']),
    dict(
        name='predict_no_bias', function='predict',
        words="predict leaves out W's bias column: X @ W[:, 1:].T",
        edits=[
            ('evaluation', 'np.argmax(add_bias(X) @ W.T, axis=1)',
             'np.argmax(np.asarray(X) @ W[:, 1:].T, axis=1)'),
        ],
        fails=['hidden_predict_reference', 'test_predict'],
        says=['predict']),
    dict(
        name='confusion_transposed', function='confusion_matrix',
        words='confusion matrix transposed (rows predicted, columns actual)',
        edits=[
            ('evaluation', '(np.asarray(actual), np.asarray(predicted))',
             '(np.asarray(predicted), np.asarray(actual))'),
        ],
        fails=['hidden_confusion_reference', 'test_confusion_accuracy'],
        says=['confusion_matrix', 'transposed']),
    dict(
        name='confusion_pair_once', function='confusion_matrix',
        words='C[actual, predicted] += 1 with arrays as indices: a pair that occurs several times is counted once',
        edits=[
            ('evaluation', 'np.add.at(C, (np.asarray(actual), np.asarray(predicted)), 1)',
             'C[np.asarray(actual), np.asarray(predicted)] += 1'),
        ],
        fails=['hidden_confusion_reference', 'test_confusion_accuracy'],
        says=['confusion_matrix', 'counts 1']),
    dict(
        name='accuracy_integer_division', function='accuracy',
        words='integer division in accuracy: trace(C) // sum(C) is the integer 0',
        edits=[
            ('evaluation', 'return float(np.trace(C) / np.sum(C))',
             'return np.trace(C) // np.sum(C)'),
        ],
        fails=['hidden_confusion_reference', 'test_confusion_accuracy'],
        says=['accuracy', 'float']),
    dict(
        name='accuracy_percent', function='accuracy',
        words='accuracy in percent instead of a fraction',
        edits=[
            ('evaluation', 'return float(np.trace(C) / np.sum(C))',
             'return float(100 * np.trace(C) / np.sum(C))'),
        ],
        fails=['hidden_confusion_reference', 'test_confusion_accuracy'],
        says=['accuracy', '0.525']),
]
