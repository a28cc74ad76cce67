"""The known mistakes of assignment lec2: what students really do, each an edit of the solution.

Instructor-only: this folder (ref/) is left out of the release and hidden from students' code at
grading. Plain data, no imports, read by autograder/grading/catalogue.py, whose docstring says what
each field of a mistake means. tests/test_catalogue.py grades them all; tests/test_grading.py grades
the DEMO class end to end.
"""
# the mistakes the demo class makes (besides the solution and a blank notebook), in its order
DEMO = ['transpose_bug', 'bias_slice', 'sigmoid_prime_of_u', 'unstable_softmax', 'v_updated_first', 'confusion_transposed']
# tests that train for long: the diagnosis does not replay them (their messages name the function to fix first)
SLOW = ['hidden_overfit', 'hidden_train_reference', 'hidden_accuracy']

MISTAKES = [
    dict(
        name='bias_last', function='add_bias',
        words='the bias entry 1 appended last instead of first',
        edits=[
            ('add_bias', 'np.concatenate(([1.0], x))',
             'np.concatenate((x, [1.0]))'),
        ],
        fails=['hidden_accuracy', 'hidden_gradcheck_random', 'hidden_initial_loss', 'hidden_no_mutation', 'hidden_overfit', 'hidden_predict_reference', 'hidden_tanh_relu', 'hidden_train_reference', 'hidden_weights_before_step', 'test_add_bias', 'test_backward_gradcheck', 'test_forward_seed000', 'test_forward_shapes', 'test_predict', 'test_sgd_step_seed000', 'test_train'],
        says=['add_bias', 'first']),
    dict(
        name='bias_zero', function='add_bias',
        words='the bias entry is 0 instead of 1',
        edits=[
            ('add_bias', 'np.concatenate(([1.0], x))',
             'np.concatenate(([0.0], x))'),
        ],
        fails=['hidden_accuracy', 'hidden_gradcheck_random', 'hidden_initial_loss', 'hidden_no_mutation', 'hidden_overfit', 'hidden_predict_reference', 'hidden_tanh_relu', 'hidden_train_reference', 'hidden_weights_before_step', 'test_add_bias', 'test_backward_gradcheck', 'test_forward_seed000', 'test_forward_shapes', 'test_predict', 'test_sgd_step_seed000', 'test_train'],
        says=['add_bias', 'entry 1']),
    dict(
        name='bias_row_2d', function='add_bias',
        words='for a 2-D array, a row of ones on top instead of a column of ones on the left',
        edits=[
            ('add_bias', 'np.hstack([np.ones((x.shape[0], 1)), x])',
             'np.vstack([np.ones((1, x.shape[1])), x])'),
        ],
        fails=['test_add_bias'],
        says=['add_bias', 'column of ones']),
    dict(
        name='sigmoid_overflow', function='sigmoid',
        words='sigmoid as 1 / (1 + exp(-u)), which overflows for large negative u',
        edits=[
            ('activations', '    e = np.exp(-np.abs(u))  # never overflows; both branches below equal 1/(1+exp(-u))\n    return np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))',
             '    return 1 / (1 + np.exp(-u))'),
        ],
        fails=['hidden_stability', 'test_sigmoid'],
        says=['sigmoid', 'large negative u', 'known mistake in sigmoid']),
    dict(
        name='sigmoid_where_both', function='sigmoid',
        words='np.where with two formulas, both computed for every u: one of them overflows',
        edits=[
            ('activations', '    e = np.exp(-np.abs(u))  # never overflows; both branches below equal 1/(1+exp(-u))\n    return np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))',
             '    return np.where(u >= 0, 1.0 / (1.0 + np.exp(-u)), np.exp(u) / (1.0 + np.exp(u)))'),
        ],
        fails=['hidden_stability', 'test_sigmoid'],
        says=['sigmoid', 'np.where']),
    dict(
        name='sigmoid_in_place', function='sigmoid',
        words="sigmoid computes into its argument (u[...] = ...), so the caller's array changes",
        edits=[
            ('activations', '    return np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))',
             '    u[...] = np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))\n    return u'),
        ],
        fails=['hidden_accuracy', 'hidden_gradcheck_random', 'hidden_no_mutation', 'hidden_overfit', 'hidden_train_reference', 'hidden_weights_before_step', 'test_backward_gradcheck', 'test_backward_shapes', 'test_forward_seed000', 'test_forward_shapes', 'test_sgd_step_seed000', 'test_sigmoid', 'test_train'],
        says=['sigmoid(U)', 'in place']),
    dict(
        name='sigmoid_sign', function='sigmoid',
        words='the sign of u flipped: sigmoid(-u) = 1 / (1 + exp(u))',
        edits=[
            ('activations', 'np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))',
             'np.where(u >= 0, e / (1.0 + e), 1.0 / (1.0 + e))'),
        ],
        fails=['hidden_accuracy', 'hidden_gradcheck_random', 'hidden_initial_loss', 'hidden_no_mutation', 'hidden_overfit', 'hidden_stability', 'hidden_train_reference', 'hidden_weights_before_step', 'test_backward_gradcheck', 'test_forward_seed000', 'test_predict', 'test_sgd_step_seed000', 'test_sigmoid', 'test_train'],
        says=['sigmoid']),
    dict(
        name='sigmoid_prime_of_u', function='sigmoid_prime',
        words="sigmoid' computed as u(1 - u) instead of f(u)(1 - f(u))",
        edits=[
            ('activations', 'return s * (1.0 - s)',
             'return u * (1.0 - u)'),
        ],
        fails=['hidden_accuracy', 'hidden_gradcheck_random', 'hidden_overfit', 'hidden_stability', 'hidden_train_reference', 'hidden_weights_before_step', 'test_backward_gradcheck', 'test_sgd_step_seed000', 'test_sigmoid', 'test_train'],
        says=['sigmoid_prime']),
    dict(
        name='sigmoid_prime_plus', function='sigmoid_prime',
        words="a sign error: sigmoid' = f(u)(1 + f(u)) instead of f(u)(1 - f(u))",
        edits=[
            ('activations', 'return s * (1.0 - s)',
             'return s * (1.0 + s)'),
        ],
        fails=['hidden_accuracy', 'hidden_gradcheck_random', 'hidden_overfit', 'hidden_stability', 'hidden_train_reference', 'hidden_weights_before_step', 'test_backward_gradcheck', 'test_sgd_step_seed000', 'test_sigmoid', 'test_train'],
        says=['sigmoid_prime']),
    dict(
        name='tanh_exponentials', function='tanh',
        words='tanh written with exponentials, (e^u - e^-u) / (e^u + e^-u), which gives nan for |u| > 709',
        edits=[
            ('activations', 'return np.tanh(np.asarray(u, dtype=np.float64))',
             'u = np.asarray(u, dtype=np.float64)\n    return (np.exp(u) - np.exp(-u)) / (np.exp(u) + np.exp(-u))'),
        ],
        fails=['test_tanh_relu'],
        says=['tanh', 'overflow']),
    dict(
        name='tanh_prime_plus', function='tanh_prime',
        words="a sign error: tanh' = 1 + tanh(u)² instead of 1 - tanh(u)²",
        edits=[
            ('activations', 'return 1.0 - np.tanh(np.asarray(u, dtype=np.float64)) ** 2',
             'return 1.0 + np.tanh(np.asarray(u, dtype=np.float64)) ** 2'),
        ],
        fails=['hidden_tanh_relu', 'test_backward_gradcheck', 'test_tanh_relu'],
        says=['tanh_prime']),
    dict(
        name='tanh_prime_of_u', function='tanh_prime',
        words="tanh' computed as 1 - u² instead of 1 - tanh(u)²",
        edits=[
            ('activations', 'return 1.0 - np.tanh(np.asarray(u, dtype=np.float64)) ** 2',
             'return 1.0 - np.asarray(u, dtype=np.float64) ** 2'),
        ],
        fails=['hidden_tanh_relu', 'test_backward_gradcheck', 'test_tanh_relu'],
        says=['tanh_prime']),
    dict(
        name='relu_min', function='relu',
        words='relu as min(0, u) instead of max(0, u)',
        edits=[
            ('activations', 'np.maximum(0.0, np.asarray(u, dtype=np.float64))',
             'np.minimum(0.0, np.asarray(u, dtype=np.float64))'),
        ],
        fails=['hidden_tanh_relu', 'test_tanh_relu'],
        says=['relu']),
    dict(
        name='relu_prime_at_zero', function='relu_prime',
        words="relu'(0) = 1: u >= 0 instead of u > 0",
        edits=[
            ('activations', '(np.asarray(u, dtype=np.float64) > 0)',
             '(np.asarray(u, dtype=np.float64) >= 0)'),
        ],
        fails=['hidden_tanh_relu', 'test_tanh_relu'],
        says=['relu_prime']),
    dict(
        name='unstable_softmax', function='softmax',
        words='softmax without the max shift: overflows for large inputs',
        edits=[
            ('softmax_cross_entropy', 'e = np.exp(a - np.max(a, axis=-1, keepdims=True))  # shifting by the max changes nothing but overflow',
             'e = np.exp(a)'),
        ],
        fails=['hidden_stability', 'test_softmax'],
        says=['softmax', 'overflow']),
    dict(
        name='softmax_global_max', function='softmax',
        words="softmax shifted by the maximum of the whole array instead of each row's",
        edits=[
            ('softmax_cross_entropy', 'np.max(a, axis=-1, keepdims=True)',
             'np.max(a)'),
        ],
        fails=['hidden_stability', 'test_softmax'],
        says=['softmax', 'each row by its own maximum']),
    dict(
        name='softmax_columns', function='softmax',
        words='softmax normalised over the columns (axis=0) instead of each row',
        edits=[
            ('softmax_cross_entropy', 'e / np.sum(e, axis=-1, keepdims=True)',
             'e / np.sum(e, axis=0, keepdims=True)'),
        ],
        fails=['hidden_stability', 'test_softmax'],
        says=['softmax', 'each row']),
    dict(
        name='softmax_whole_sum', function='softmax',
        words="softmax normalised by the sum of the whole array instead of each row's",
        edits=[
            ('softmax_cross_entropy', 'e / np.sum(e, axis=-1, keepdims=True)',
             'e / np.sum(e)'),
        ],
        fails=['hidden_stability', 'test_softmax'],
        says=['softmax', 'each row']),
    dict(
        name='ce_sum', function='cross_entropy',
        words='cross_entropy sums over the samples instead of averaging',
        edits=[
            ('softmax_cross_entropy', 'float(np.mean(per_sample))',
             'float(np.sum(per_sample))'),
        ],
        fails=['hidden_train_reference', 'test_cross_entropy'],
        says=['cross_entropy', 'their sum']),
    dict(
        name='ce_no_minus', function='cross_entropy',
        words='cross_entropy without its minus sign',
        edits=[
            ('softmax_cross_entropy', 'per_sample = -np.sum(d * log_y, axis=-1)',
             'per_sample = np.sum(d * log_y, axis=-1)'),
        ],
        fails=['hidden_train_reference', 'test_cross_entropy'],
        says=['cross_entropy']),
    dict(
        name='ce_log10', function='cross_entropy',
        words='log base 10 instead of the natural log in cross_entropy',
        edits=[
            ('softmax_cross_entropy', 'log_y = np.log(np.maximum',
             'log_y = np.log10(np.maximum'),
        ],
        fails=['hidden_train_reference', 'test_cross_entropy'],
        says=['cross_entropy']),
    dict(
        name='forward_no_bias_z', function='forward',
        words='z without its leading 1 (the bias entry of the hidden layer)',
        edits=[
            ('forward', 'z = add_bias(f(u))',
             'z = f(u)'),
        ],
        fails=['hidden_accuracy', 'hidden_gradcheck_random', 'hidden_initial_loss', 'hidden_no_mutation', 'hidden_overfit', 'hidden_predict_reference', 'hidden_tanh_relu', 'hidden_train_reference', 'hidden_weights_before_step', 'test_backward_gradcheck', 'test_forward_seed000', 'test_forward_shapes', 'test_predict', 'test_sgd_step_seed000', 'test_train'],
        says=['ValueError']),
    dict(
        name='forward_ignores_f', function='forward',
        words='forward ignores its argument f and always uses sigmoid',
        edits=[
            ('forward', 'z = add_bias(f(u))',
             'z = add_bias(sigmoid(u))'),
        ],
        fails=['hidden_predict_reference', 'hidden_tanh_relu', 'test_backward_gradcheck', 'test_forward_seed000'],
        says=['forward', 'argument f']),
    dict(
        name='forward_no_softmax', function='forward',
        words='forward returns a = V z̃ without the softmax',
        edits=[
            ('forward', 'y = softmax(V @ z)',
             'y = V @ z'),
        ],
        fails=['hidden_accuracy', 'hidden_gradcheck_random', 'hidden_initial_loss', 'hidden_no_mutation', 'hidden_overfit', 'hidden_tanh_relu', 'hidden_train_reference', 'hidden_weights_before_step', 'test_backward_gradcheck', 'test_forward_seed000', 'test_forward_shapes', 'test_predict', 'test_sgd_step_seed000', 'test_train'],
        says=['forward']),
    dict(
        name='forward_default_tanh', function='forward',
        words="forward's default activation is tanh instead of sigmoid",
        edits=[
            ('forward', 'def forward(x, W, V, f=sigmoid):',
             'def forward(x, W, V, f=tanh):'),
        ],
        fails=['hidden_gradcheck_random', 'hidden_initial_loss', 'hidden_no_mutation', 'hidden_weights_before_step', 'test_backward_gradcheck', 'test_forward_seed000', 'test_predict', 'test_sgd_step_seed000'],
        says=['forward']),
    dict(
        name='forward_swapped', function='forward',
        words='forward returns (u, y, z): two return values swapped',
        edits=[
            ('forward', 'return u, z, y',
             'return u, y, z'),
        ],
        fails=['hidden_accuracy', 'hidden_gradcheck_random', 'hidden_initial_loss', 'hidden_no_mutation', 'hidden_overfit', 'hidden_predict_reference', 'hidden_tanh_relu', 'hidden_train_reference', 'hidden_weights_before_step', 'test_backward_gradcheck', 'test_forward_seed000', 'test_forward_shapes', 'test_predict', 'test_sgd_step_seed000', 'test_train'],
        says=['forward']),
    dict(
        name='forward_z_without_one', function='forward',
        words='forward returns z without its leading 1 (y is computed with it)',
        edits=[
            ('forward', '    z = add_bias(f(u))\n    y = softmax(V @ z)\n',
             '    z = f(u)\n    y = softmax(V @ add_bias(z))\n'),
        ],
        fails=['hidden_accuracy', 'hidden_gradcheck_random', 'hidden_no_mutation', 'hidden_overfit', 'hidden_tanh_relu', 'hidden_train_reference', 'hidden_weights_before_step', 'test_backward_gradcheck', 'test_forward_seed000', 'test_forward_shapes', 'test_sgd_step_seed000', 'test_train'],
        says=['forward', '(8,)']),
    dict(
        name='transpose_bug', function='backward',
        words="seed 003's bug: np.dot of 1-D arrays instead of an outer product",
        edits=[
            ('backward', 'grad_V = np.outer(delta2, z)',
             'grad_V = np.dot(delta2, np.transpose(z))'),
            ('backward', 'grad_W = np.outer(delta1, add_bias(x))',
             'grad_W = np.dot(delta1, np.transpose(add_bias(x)))'),
        ],
        fails=['hidden_accuracy', 'hidden_gradcheck_random', 'hidden_overfit', 'hidden_tanh_relu', 'hidden_train_reference', 'hidden_weights_before_step', 'test_backward_gradcheck', 'test_backward_shapes', 'test_sgd_step_seed000', 'test_train'],
        says=['backward', 'np.outer']),
    dict(
        name='bias_slice', function='backward',
        words='delta1 uses V[:, :-1] (keeps the bias column, drops the last unit)',
        edits=[
            ('backward', 'V[:, 1:].T @ delta2',
             'V[:, :-1].T @ delta2'),
        ],
        fails=['hidden_accuracy', 'hidden_gradcheck_random', 'hidden_overfit', 'hidden_tanh_relu', 'hidden_train_reference', 'hidden_weights_before_step', 'test_backward_gradcheck', 'test_sgd_step_seed000', 'test_train'],
        says=['backward']),
    dict(
        name='backward_V_with_bias', function='backward',
        words="delta1 uses V.T, with V's bias column, instead of V[:, 1:].T",
        edits=[
            ('backward', 'V[:, 1:].T @ delta2',
             'V.T @ delta2'),
        ],
        fails=['hidden_accuracy', 'hidden_gradcheck_random', 'hidden_overfit', 'hidden_tanh_relu', 'hidden_train_reference', 'hidden_weights_before_step', 'test_backward_gradcheck', 'test_backward_shapes', 'test_sgd_step_seed000', 'test_train'],
        says=['backward', "V's bias column"]),
    dict(
        name='grad_W_transposed', function='backward',
        words='dE/dW transposed: np.outer(add_bias(x), delta1) instead of np.outer(delta1, add_bias(x))',
        edits=[
            ('backward', 'grad_W = np.outer(delta1, add_bias(x))',
             'grad_W = np.outer(add_bias(x), delta1)'),
        ],
        fails=['hidden_accuracy', 'hidden_gradcheck_random', 'hidden_overfit', 'hidden_tanh_relu', 'hidden_train_reference', 'hidden_weights_before_step', 'test_backward_gradcheck', 'test_backward_shapes', 'test_sgd_step_seed000', 'test_train'],
        says=['backward', 'grad_W', '(6, 7)']),
    dict(
        name='delta2_sign', function='backward',
        words='a sign error: delta2 = d - y instead of y - d',
        edits=[
            ('backward', 'delta2 = y - d',
             'delta2 = d - y'),
        ],
        fails=['hidden_accuracy', 'hidden_gradcheck_random', 'hidden_overfit', 'hidden_tanh_relu', 'hidden_train_reference', 'hidden_weights_before_step', 'test_backward_gradcheck', 'test_backward_shapes', 'test_sgd_step_seed000', 'test_train'],
        says=['backward']),
    dict(
        name='fprime_of_z', function='backward',
        words='f_prime evaluated at z (the output of f) instead of at u',
        edits=[
            ('backward', 'f_prime(u)',
             'f_prime(z[1:])'),
        ],
        fails=['hidden_accuracy', 'hidden_gradcheck_random', 'hidden_overfit', 'hidden_tanh_relu', 'hidden_train_reference', 'hidden_weights_before_step', 'test_backward_gradcheck', 'test_sgd_step_seed000', 'test_train'],
        says=['backward']),
    dict(
        name='backward_swapped', function='backward',
        words='backward returns (grad_V, grad_W): the two gradients swapped',
        edits=[
            ('backward', 'return grad_W, grad_V',
             'return grad_V, grad_W'),
        ],
        fails=['hidden_accuracy', 'hidden_gradcheck_random', 'hidden_overfit', 'hidden_tanh_relu', 'hidden_train_reference', 'hidden_weights_before_step', 'test_backward_gradcheck', 'test_backward_shapes', 'test_sgd_step_seed000', 'test_train'],
        says=['backward', 'the order is (grad_W, grad_V)']),
    dict(
        name='grad_V_without_bias', function='backward',
        words='dE/dV computed from z without its leading 1',
        edits=[
            ('backward', 'grad_V = np.outer(delta2, z)',
             'grad_V = np.outer(delta2, z[1:])'),
        ],
        fails=['hidden_accuracy', 'hidden_gradcheck_random', 'hidden_overfit', 'hidden_tanh_relu', 'hidden_train_reference', 'hidden_weights_before_step', 'test_backward_gradcheck', 'test_backward_shapes', 'test_sgd_step_seed000', 'test_train'],
        says=['backward']),
    dict(
        name='backward_ignores_fprime', function='backward',
        words='backward ignores its argument f_prime and always uses sigmoid_prime',
        edits=[
            ('backward', '* f_prime(u)',
             '* sigmoid_prime(u)'),
        ],
        fails=['hidden_tanh_relu', 'test_backward_gradcheck'],
        says=['backward', 'argument f_prime']),
    dict(
        name='backward_writes_y', function='backward',
        words="delta2 = y, then delta2 -= d: backward writes into the caller's y",
        edits=[
            ('backward', 'delta2 = y - d',
             'delta2 = y\n    delta2 -= d'),
        ],
        fails=['hidden_no_mutation', 'test_backward_gradcheck', 'test_backward_shapes'],
        says=['backward', 'its argument y']),
    dict(
        name='backward_zeroes_V_bias', function='backward',
        words="V's bias column zeroed through an alias (V_tilde = V; V_tilde[:, 0] = 0): backward changes the caller's V",
        edits=[
            ('backward', 'delta1 = (V[:, 1:].T @ delta2) * f_prime(u)',
             'V_tilde = V\n    V_tilde[:, 0] = 0.0\n    delta1 = (V_tilde.T @ delta2)[1:] * f_prime(u)'),
        ],
        fails=['hidden_accuracy', 'hidden_no_mutation', 'hidden_overfit', 'hidden_train_reference', 'hidden_weights_before_step', 'test_backward_shapes', 'test_sgd_step_seed000', 'test_train'],
        says=['backward', 'its argument V']),
    dict(
        name='v_updated_first', function='sgd_step',
        words='V updated before delta1 is computed',
        edits=[
            ('sgd_step', '    grad_W, grad_V = backward(x, d, V, u, z, y, f_prime)\n    return W - eta * grad_W, V - eta * grad_V',
             '    V = V - eta * np.outer(y - d, z)\n    grad_W, _ = backward(x, d, V, u, z, y, f_prime)\n    return W - eta * grad_W, V'),
        ],
        fails=['hidden_accuracy', 'hidden_overfit', 'hidden_train_reference', 'hidden_weights_before_step', 'test_sgd_step_seed000', 'test_train'],
        says=['sgd_step']),
    dict(
        name='sgd_uphill', function='sgd_step',
        words='a step uphill: W + eta * dE/dW instead of W - eta * dE/dW',
        edits=[
            ('sgd_step', 'return W - eta * grad_W, V - eta * grad_V',
             'return W + eta * grad_W, V + eta * grad_V'),
        ],
        fails=['hidden_accuracy', 'hidden_overfit', 'hidden_train_reference', 'hidden_weights_before_step', 'test_sgd_step_seed000', 'test_train'],
        says=['sgd_step', 'uphill']),
    dict(
        name='sgd_in_place', function='sgd_step',
        words="inputs modified in place: sgd_step changes the caller's W and V",
        edits=[
            ('sgd_step', '    return W - eta * grad_W, V - eta * grad_V',
             '    W -= eta * grad_W\n    V -= eta * grad_V\n    return W, V'),
        ],
        fails=['hidden_accuracy', 'hidden_no_mutation', 'hidden_overfit', 'hidden_train_reference', 'test_sgd_step_seed000', 'test_train'],
        says=['sgd_step', 'in place']),
    dict(
        name='sgd_ignores_f', function='sgd_step',
        words='sgd_step ignores its arguments f and f_prime',
        edits=[
            ('sgd_step', 'forward(x, W, V, f)',
             'forward(x, W, V)'),
            ('sgd_step', 'backward(x, d, V, u, z, y, f_prime)',
             'backward(x, d, V, u, z, y)'),
        ],
        fails=['test_sgd_step_seed000'],
        says=['sgd_step', 'f and f_prime']),
    dict(
        name='sgd_swapped', function='sgd_step',
        words='sgd_step returns (V, W): the new weights swapped',
        edits=[
            ('sgd_step', 'return W - eta * grad_W, V - eta * grad_V',
             'return V - eta * grad_V, W - eta * grad_W'),
        ],
        fails=['hidden_accuracy', 'hidden_overfit', 'hidden_train_reference', 'hidden_weights_before_step', 'test_sgd_step_seed000', 'test_train'],
        says=['sgd_step']),
    dict(
        name='global_rng', function='train',
        words="the wrong random generator in train: np.random's global one instead of np.random.default_rng(seed)",
        edits=[
            ('train', '    rng = np.random.default_rng(seed)',
             '    np.random.seed(seed)\n    rng = np.random'),
        ],
        fails=['hidden_accuracy', 'hidden_overfit', 'hidden_train_reference', 'test_train'],
        says=['train']),
    dict(
        name='train_not_assigned', function='train',
        words="sgd_step's result not assigned back to W, V",
        edits=[
            ('train', 'W, V = sgd_step(X[i], D[i], W, V, eta, f, f_prime)',
             'sgd_step(X[i], D[i], W, V, eta, f, f_prime)'),
        ],
        fails=['hidden_accuracy', 'hidden_overfit', 'hidden_train_reference', 'test_train'],
        says=['train']),
    dict(
        name='train_ignores_f', function='train',
        words='train does not pass f and f_prime on to sgd_step',
        edits=[
            ('train', 'sgd_step(X[i], D[i], W, V, eta, f, f_prime)',
             'sgd_step(X[i], D[i], W, V, eta)'),
        ],
        fails=['test_train'],
        says=['train', 'tanh']),
    dict(
        name='train_loss_before', function='train',
        words="each epoch's loss computed before the epoch's steps instead of after",
        edits=[
            ('train', '        for i in rng.permutation(len(X)):\n            W, V = sgd_step(X[i], D[i], W, V, eta, f, f_prime)\n        Y = np.array([forward(x, W, V, f)[2] for x in X])\n        losses.append(cross_entropy(Y, D))',
             '        Y = np.array([forward(x, W, V, f)[2] for x in X])\n        losses.append(cross_entropy(Y, D))\n        for i in rng.permutation(len(X)):\n            W, V = sgd_step(X[i], D[i], W, V, eta, f, f_prime)'),
        ],
        fails=['hidden_train_reference', 'test_train'],
        says=['train', 'after each epoch']),
    dict(
        name='train_shuffle_in_place', function='train',
        words="X shuffled in place with rng.shuffle(X): the caller's X changes and its rows no longer match D's",
        edits=[
            ('train', '        for i in rng.permutation(len(X)):',
             '        rng.shuffle(X)\n        for i in range(len(X)):'),
        ],
        fails=['hidden_accuracy', 'hidden_no_mutation', 'hidden_overfit', 'hidden_train_reference', 'test_train'],
        says=['train', 'in place']),
    dict(
        name='train_rng_every_epoch', function='train',
        words='a new generator every epoch: every epoch visits the samples in the same order',
        edits=[
            ('train', '    rng = np.random.default_rng(seed)\n    losses = []\n    for epoch in range(epochs):\n',
             '    losses = []\n    for epoch in range(epochs):\n        rng = np.random.default_rng(seed)\n'),
        ],
        fails=['hidden_accuracy', 'hidden_overfit', 'hidden_train_reference', 'test_train'],
        says=['train', 'once, before the first epoch']),
    dict(
        name='predict_squeezed', function='predict',
        words='predict squeezes its labels, so that one sample gives a 0-d array instead of shape (1,)',
        edits=[
            ('evaluation', 'for x in X], dtype=np.int64)',
             'for x in X], dtype=np.int64).squeeze()'),
        ],
        fails=['test_predict'],
        says=['predict', '(1,)']),
    dict(
        name='predict_ignores_f', function='predict',
        words='predict ignores its argument f and always uses sigmoid',
        edits=[
            ('evaluation', 'forward(x, W, V, f)[2]',
             'forward(x, W, V)[2]'),
        ],
        fails=['hidden_predict_reference', 'test_predict'],
        says=['predict', 'f on']),
    dict(
        name='predict_column', function='predict',
        words='predict returns a column of shape (n, 1) instead of labels of shape (n,)',
        edits=[
            ('evaluation', 'for x in X], dtype=np.int64)',
             'for x in X], dtype=np.int64).reshape(-1, 1)'),
        ],
        fails=['hidden_predict_reference', 'test_predict'],
        says=['predict', '(4, 1)']),
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
        name='confusion_histogram2d', function='confusion_matrix',
        words='np.histogram2d with m bins over the range of the labels: its bins are not the classes 0, ..., m-1',
        edits=[
            ('evaluation', '    C = np.zeros((m, m), dtype=np.int64)\n    np.add.at(C, (np.asarray(actual), np.asarray(predicted)), 1)',
             '    C = np.histogram2d(actual, predicted, bins=m)[0].astype(np.int64)'),
        ],
        fails=['test_confusion_accuracy'],
        says=['confusion_matrix', 'the right matrix']),
    dict(
        name='confusion_sized_by_labels', function='confusion_matrix',
        words='confusion matrix sized from the labels instead of m',
        edits=[
            ('evaluation', '    C = np.zeros((m, m), dtype=np.int64)',
             '    k = max(np.max(actual), np.max(predicted)) + 1\n    C = np.zeros((k, k), dtype=np.int64)'),
        ],
        fails=['test_confusion_accuracy'],
        says=['confusion_matrix', '(5, 5)']),
    dict(
        name='confusion_float', function='confusion_matrix',
        words='a confusion matrix of floats instead of integer counts',
        edits=[
            ('evaluation', 'np.zeros((m, m), dtype=np.int64)',
             'np.zeros((m, m))'),
        ],
        fails=['test_confusion_accuracy'],
        says=['confusion_matrix', 'integer']),
    dict(
        name='accuracy_percent', function='accuracy',
        words='accuracy in percent instead of a fraction',
        edits=[
            ('evaluation', 'return float(np.trace(C) / np.sum(C))',
             'return float(100 * np.trace(C) / np.sum(C))'),
        ],
        fails=['hidden_confusion_reference', 'test_confusion_accuracy'],
        says=['accuracy', '0.525']),
    dict(
        name='accuracy_integer_division', function='accuracy',
        words='integer division in accuracy: trace(C) // sum(C) is 0',
        edits=[
            ('evaluation', 'return float(np.trace(C) / np.sum(C))',
             'return float(np.trace(C) // np.sum(C))'),
        ],
        fails=['hidden_confusion_reference', 'test_confusion_accuracy'],
        says=['accuracy']),
]
