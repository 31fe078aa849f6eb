import Engine

/// Moving tensors' elements around (reshape, transpose, join, gather) and the gradient
/// controls (requires_grad, backward, grad, detach, no_grad).
extension Builtins {
    static func shapes() -> [Builtin] {
        [
            Builtin(
                "reshape", [arg("x", "a tensor"), variadic("shape", shapeExpects)],
                summary: "The same elements in another shape; one size may be -1 and is inferred.",
                example: "x = randn(4, 16)\nreshape(x, 8, 8)\nreshape(x, [-1, 64])"
            ) { args, _ in
                let (x, shape) = (try args.tensor("x"), try args.variadicShape("shape"))
                return .tensor(try engine { try x.reshaped(to: shape) })
            },
            Builtin(
                "transpose", [arg("x", "a tensor"), arg("a", "a whole number", "-2"), arg("b", "a whole number", "-1")],
                summary:
                    "Swaps two axes (the last two by default); x.mT is the same, x.T too but for 2-D x only (NumPy's .T reverses every axis, moving batch axes).",
                example: "w = requires_grad(randn(4, 3))\ntranspose(w)"
            ) { args, _ in
                let x = try args.tensor("x")
                let (a, b) = (try args.integer("a"), try args.integer("b"))
                return .tensor(try engine { try x.transposed(a, b) })
            },
            Builtin(
                "permute", [arg("x", "a tensor"), variadic("axes", "whole numbers or a list of them")],
                summary: "Reorders the axes: axis i of the result is axis axes[i] of x.",
                example: "images = randn(2, 3, 8, 8)\npermute(images, 0, 2, 3, 1)"
            ) { args, _ in
                let (x, axes) = (try args.tensor("x"), try args.variadicShape("axes"))
                return .tensor(try engine { try x.permuted(axes) })
            },
            Builtin(
                "squeeze", [arg("x", "a tensor"), arg("axis", "a whole number", "none")],
                summary: "Removes an axis of size 1 (every one when no axis is given).",
                example: "preds = randn(8, 1)\nsqueeze(preds, axis: 1)"
            ) { args, _ in
                let (x, axis) = (try args.tensor("x"), try args.optionalInteger("axis"))
                return .tensor(try engine { try x.squeezed(axis: axis) })
            },
            Builtin(
                "unsqueeze", [arg("x", "a tensor"), arg("axis", "a whole number")],
                summary: "Inserts an axis of size 1 at the given position.",
                example: "x = randn(8, 4)\nunsqueeze(x, 0)"
            ) { args, _ in
                let (x, axis) = (try args.tensor("x"), try args.integer("axis"))
                return .tensor(try engine { try x.unsqueezed(axis: axis) })
            },
            Builtin(
                "flatten", [arg("x", "a tensor", "none"), arg("start", "a whole number", "0"), arg("end", "a whole number", "-1")],
                summary: "Merges axes start … end into one; flatten() with no argument is the layer (keeps the batch axis).",
                example: "seq(conv(1, 8, 3), relu(), flatten(), linear(288, 10))"
            ) { args, _ in
                guard args.has("x") else { return .layer(Flatten()) }
                let x = try args.tensor("x")
                let (start, end) = (try args.integer("start"), try args.integer("end"))
                return .tensor(try engine { try x.flattened(from: start, through: end) })
            },
            Builtin(
                "broadcast_to", [arg("x", "a tensor"), arg("shape", "a list of whole numbers")],
                summary: "x repeated along size-1 and new leading axes to the given shape, as arithmetic broadcasts.",
                example: "broadcast_to(tensor([1, 2]), [3, 2])"
            ) { args, _ in
                let (x, shape) = (try args.tensor("x"), try args.integers("shape"))
                return .tensor(try engine { try x.broadcast(to: shape) })
            },
            Builtin(
                "concat", [arg("tensors", "a list of tensors"), arg("axis", "a whole number", "0")],
                summary: "Joins tensors end to end along an existing axis.",
                example: "a = ones(2, 3)\nb = zeros(2, 2)\nconcat([a, b], axis: 1)"
            ) { args, _ in
                let (tensors, axis) = (try args.tensors("tensors"), try args.integer("axis"))
                return .tensor(try engine { try Tensor.concat(tensors, axis: axis) })
            },
            Builtin(
                "stack", [arg("tensors", "a list of tensors"), arg("axis", "a whole number", "0")],
                summary: "Joins tensors of one shape along a new axis.",
                example: "x1 = randn(4)\nx2 = randn(4)\nx3 = randn(4)\nbatch = stack([x1, x2, x3])"
            ) { args, _ in
                let (tensors, axis) = (try args.tensors("tensors"), try args.integer("axis"))
                return .tensor(try engine { try Tensor.stack(tensors, axis: axis) })
            },
            Builtin(
                "gather", [arg("x", "a tensor"), arg("axis", "a whole number"), arg("index", "a tensor of whole numbers")],
                summary: "Picks elements along an axis by index, as PyTorch's gather: out[i][j] = x[i][index[i][j]] for axis 1.",
                example:
                    "logits = randn(8, 3)\ntargets = tensor([0, 2, 1, 0, 1, 2, 0, 2])\nlogp = log_softmax(logits, axis: 1)\ngather(logp, 1, reshape(targets, -1, 1))"
            ) { args, _ in
                let (x, axis, index) = (try args.tensor("x"), try args.integer("axis"), try args.tensor("index"))
                return .tensor(try engine { try x.gather(axis: axis, indices: index) })
            },
            Builtin(
                "one_hot", [arg("x", "a tensor of class indices"), arg("classes", "a whole number")],
                summary: "Class indices as one-hot rows: the shape gains a last axis of size classes.",
                example: "one_hot(tensor([0, 2]), 3)"
            ) { args, _ in
                let (x, classes) = (try args.tensor("x"), try args.integer("classes"))
                return .tensor(try engine { try x.oneHot(classes: classes) })
            },
            Builtin(
                "detach", [arg("x", "a tensor")],
                summary:
                    "A copy of the values cut from the gradient graph: nothing flows back through it, and writing into it changes only the copy (a model's parameters change with set_param).",
                example: "x = randn(8, 4)\nmodel = mlp([4, 3])\ntarget = detach(model(x))"
            ) { args, _ in
                .tensor(try args.tensor("x").detached())
            },
            Builtin(
                "requires_grad", [arg("x", "a tensor")],
                summary: "A tensor that records gradients: after backward, grad(it) holds d loss / d it.",
                example: "w = requires_grad(randn(3, 1))"
            ) { args, _ in
                .tensor(try args.tensor("x").requiringGradient())
            },
            Builtin(
                "grad", [arg("x", "a tensor")],
                summary: "The gradient accumulated in x by backward, or none when it has none yet.",
                example: "w = requires_grad(randn(4, 3))\nloss = sum(randn(8, 4) @ w)\nbackward(loss); grad(w)"
            ) { args, _ in
                guard let g = try args.tensor("x").grad else { return .none }
                return .tensor(g)
            },
            Builtin(
                "backward", [arg("loss", "a one-element tensor")],
                summary: "Backpropagates from a scalar loss, adding into the gradient of every tensor it depends on.",
                example: "x = randn(8, 4)\nm = mlp([4, 16, 3])\ny = tensor([0, 1, 2, 0, 1, 2, 0, 1])\nbackward(cross_entropy(m(x), y))"
            ) { args, _ in
                let loss = try args.tensor("loss")
                try engine { try loss.backward() }
                return .none
            },
            Builtin(
                "no_grad", [arg("fn", "a function of no arguments")],
                summary: "Calls fn without recording gradients (faster, for evaluation) and gives its value.",
                example: "m = mlp([4, 16, 3])\nval_x = randn(4, 4)\npreds = no_grad(() -> argmax(m(val_x), axis: 1))"
            ) { args, runtime in
                let fn = try args.function("fn")
                return try GradMode.withoutGradients { try runtime.callFunction(fn, [], []) }
            },
        ]
    }
}
