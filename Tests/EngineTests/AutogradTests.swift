import Foundation
import Synchronization
import Testing

@testable import Engine

/// The tape's bookkeeping: accumulation, zeroGrad, detach, no-grad scopes, errors.
@Suite("Autograd mechanics")
struct AutogradTests {
    @Test("gradients accumulate across two backward() calls")
    func accumulation() throws {
        let x = try Sample.uniform([2, 3], seed: 1).requiringGradient()
        let y = try (x * x).sum()
        try y.backward()
        let once = try #require(x.grad)
        Approx.expect(once, equals: x.doubles.map { 2 * $0 })
        try y.backward()
        Approx.expect(try #require(x.grad), equals: x.doubles.map { 4 * $0 })
        // A second, different graph adds to the same leaf.
        try (x * 3).sum().backward()
        Approx.expect(try #require(x.grad), equals: x.doubles.map { 4 * $0 + 3 })
    }

    @Test("zeroGrad clears the gradient; the next backward starts from nothing")
    func zeroGrad() throws {
        let p = Parameter(try Sample.uniform([3], seed: 2))
        try (p.tensor * 2).sum().backward()
        try (p.tensor * 2).sum().backward()
        Approx.expect(try #require(p.grad), equals: [4, 4, 4])
        p.zeroGrad()
        #expect(p.grad == nil)
        try (p.tensor * 5).sum().backward()
        Approx.expect(try #require(p.grad), equals: [5, 5, 5])
    }

    @Test("one Parameter read twice through .tensor gets both contributions")
    func parameterReadTwice() throws {
        let p = Parameter(try Sample.tensor([2], [1.5, -2]))
        try (p.tensor * p.tensor).sum().backward()
        Approx.expect(try #require(p.grad), equals: [3, -4])
    }

    @Test("detached() cuts the graph")
    func detached() throws {
        let x = try Sample.uniform([4], seed: 3).requiringGradient()
        #expect(x.requiresGradient)
        #expect(!x.detached().requiresGradient)
        // d/dx (x̄ · x) = x̄: the detached factor contributes nothing.
        try (x.detached() * x).sum().backward()
        Approx.expect(try #require(x.grad), equals: x.doubles)
        let cut = try (x * 2).detached()
        #expect(throws: TensorError.self) { try cut.sum().backward() }
    }

    @Test("GradMode.withoutGradients records nothing, nests, and restores recording")
    func withoutGradients() throws {
        let x = try Sample.uniform([3], seed: 4).requiringGradient()
        let p = Parameter(try Sample.uniform([3], seed: 5))
        try GradMode.withoutGradients {
            #expect(!GradMode.isEnabled)
            let y = try (x * x).sum()
            #expect(!y.requiresGradient)
            #expect(!p.tensor.requiresGradient)
            try GradMode.withoutGradients { () throws in #expect(try !x.exp().sum().requiresGradient) }
            #expect(try !(x + x).requiresGradient, "the outer scope is still without gradients")
            #expect(throws: TensorError.self) { try y.backward() }
        }
        #expect(GradMode.isEnabled)
        #expect(try (x * x).sum().requiresGradient)
        #expect(x.grad == nil)
    }

    @Test("GradMode scope is restored when the body throws")
    func withoutGradientsThrowing() throws {
        let x = try Sample.uniform([3], seed: 6).requiringGradient()
        #expect(throws: TensorError.self) {
            try GradMode.withoutGradients { _ = try x + Tensor.zeros([4]) }
        }
        #expect(try (x * 2).requiresGradient)
    }

    /// GradMode was a process-wide counter; backward() runs in a no-grad scope, so graphs
    /// built concurrently (parallel tests) silently lost their nodes.
    @Test("a no-grad scope on one thread does not switch off recording on another")
    func gradModeIsPerThread() throws {
        let x = try Sample.uniform([3], seed: 7).requiringGradient()
        let recorded = Mutex(false)
        GradMode.withoutGradients {
            let thread = Thread {
                let y = try? x * x
                recorded.withLock { $0 = y?.requiresGradient ?? false }
            }
            thread.start()
            while !thread.isFinished { usleep(1000) }
        }
        #expect(recorded.withLock { $0 })
    }

    @Test("backward() on a non-scalar throws and names the shape")
    func nonScalar() throws {
        let x = try Sample.uniform([2, 3], seed: 8).requiringGradient()
        let error = #expect(throws: TensorError.self) { try (x * 2).backward() }
        guard case .autograd? = error else { Issue.record("expected .autograd, got \(String(describing: error))"); return }
        #expect(String(describing: error!).contains("(2, 3)"))
        #expect(x.grad == nil)
    }

    @Test("backward() on a value with no graph throws")
    func noGraph() throws {
        #expect(throws: TensorError.self) { try Tensor(3).backward() }
        #expect(throws: TensorError.self) { try Tensor.ones([2]).sum().backward() }
    }

    @Test("backward() from a one-element tensor of any rank")
    func oneElementRoot() throws {
        let x = try Sample.tensor([1, 1], [2]).requiringGradient()
        try (x * x).backward()
        Approx.expect(try #require(x.grad), equals: [4], shape: [1, 1])
        // A leaf can be its own root.
        let y = Tensor(5).requiringGradient()
        try y.backward()
        Approx.expect(try #require(y.grad), equals: [1], shape: [])
    }

    @Test("only leaves keep gradients; intermediate values have none")
    func intermediates() throws {
        let x = try Sample.uniform([3], seed: 9).requiringGradient()
        let h = try x.exp()
        try h.sum().backward()
        #expect(h.grad == nil)
        Approx.expect(try #require(x.grad), equals: h.doubles)
    }

    @Test("inputs that do not need gradients get none, and constants do not join the graph")
    func mixedInputs() throws {
        let x = try Sample.uniform([3], seed: 10).requiringGradient()
        let c = try Sample.uniform([3], seed: 11)
        #expect(try !(c * c).requiresGradient)
        try (x * c).sum().backward()
        Approx.expect(try #require(x.grad), equals: c.doubles)
        #expect(c.grad == nil)
    }

    /// The sort, the backward walk and `GradNode.deinit` are all iterative; the 100,000-op
    /// case (build, backpropagate, release) is TrapTests.deepGraphRelease, in a child process.
    @Test("a deep chain of 5,000 ops backpropagates")
    func deepChain() throws {
        let x = Tensor(1).requiringGradient()
        var y = x
        for _ in 0..<5_000 { y = try y * 1.0001 }
        try y.backward()
        let expected = Foundation.pow(1.0001, 5_000.0)
        Approx.expect(try #require(x.grad), equals: [expected], tolerance: 1e-3)
    }

    @Test("a diamond graph: one node feeding two paths is counted once per path")
    func diamond() throws {
        let x = try Sample.uniform([3], seed: 12).requiringGradient()
        let h = try x.exp()
        let out = try (h * 2 + h.sigmoid()).sum()
        try out.backward()
        let expected = x.doubles.map { v -> Double in
            let e = Foundation.exp(v), s = 1 / (1 + Foundation.exp(-e))
            return 2 * e + s * (1 - s) * e
        }
        Approx.expect(try #require(x.grad), equals: expected, tolerance: 1e-5)
    }

    @Test("saved inputs are not changed by a later write to the original (copy-on-write)")
    func savedValuesSurviveWrites() throws {
        var a = try Sample.tensor([2], [2, 3])
        let x = try Sample.tensor([2], [5, 7]).requiringGradient()
        let y = try (x * a).sum()
        try a.withUnsafeMutableBufferPointer {
            $0[0] = 100; $0[1] = 100
        }
        try y.backward()
        Approx.expect(try #require(x.grad), equals: [2, 3])
    }
}
