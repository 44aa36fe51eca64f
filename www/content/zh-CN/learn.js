// 学习路径的中文（www/learn/steps.js 的翻译）：'learn' 是路径自己的按钮、状态和得分（WORDS），
// 'learn-steps' 按步骤 id 给出每一步的文字（只有文字：结构留在 steps.js 里，由 stepWords 叠加）。
// 每个 {占位符} 都原样保留，由页面填入实测的数字。

export default {
  learn: {
    entry: '第一次来？学习 VAE 的原理',
    count: '第 {k} 步，共 {n} 步',
    back: '上一步',
    next: '下一步',
    skip: '跳过',
    close: '关闭',
    finish: '完成',
    up: '上升',
    down: '下降',
    commit: '预测',
    yourGuess: '你的预测：{guess}。',
    right: '对了',
    wrong: '这次没对',
    verdict: '你的预测：{verdict}。',
    waiting: '等你操作：{say}',
    done: '已完成。',
    goThere: '前往该控件',
    loading: '页面正在准备视图……',
    needsDrawing: '这一步需要一张手绘：请先在画板上画一个数字（第 1 步）。',
    noDrawing: '没有鼠标或触屏？用一张示例手绘',
    coordinates: '或者输入坐标（方向键可以调整），然后按“预测”：',
    horizontal: '横坐标',
    vertical: '纵坐标',
    summaryRow: '{title}：你的预测是 {guess}；页面测得 {truth}（{verdict}）',
    summaryNone: '还没有做过预测：回到前面做几个吧。',
  },

  'learn-steps': {
    input: {
      title: 'x：模型眼中的图像',
      text: [
        '变分自编码器（VAE）学习的是图像的概率模型。一切都从一张图像 x 开始。',
        '你画的任何东西都会像 MNIST 的数字那样，被裁剪、缩放到 20×20，再居中放进 28×28：x 是 784 个数，每个数是一个像素上有墨迹的概率。',
      ],
      action: { say: '在画板上画一个数字（0 到 9 都可以）。' },
      reveal: {
        text: '模型把你的手绘看作 {pixels} 个数：{inked} 个像素有墨迹（超过 ½），其余 {blank} 个（几乎）是空白。“模型看到的”下面那张图就是 x。',
      },
    },

    posterior: {
      title: '编码器：q(z|x)，一个位置和一个范围',
      text: [
        '编码器读入 x，给出潜在空间上的一个分布：q(z|x) = N(μ, σ²)。μ 是它把你的数字放在哪里，σ 是它有多不确定。',
        '在潜在空间图上，每个点是一个测试数字的 μ，按标签着色。相似的数字会落在一起。',
      ],
      formula: 'q(z|x) = N(z; μ(x), diag σ²(x))',
      prediction: {
        question: '先别看：你的数字会落在图上哪里？在图上点一下（你预测之前，手绘的位置是隐藏的），或者输入两个坐标。',
      },
      action: { say: '在潜在空间图上点出你的预测。' },
      reveal: {
        text: '编码器把你的数字放在 μ = {mean}，σ = {sigma}：图上的椭圆是它周围的 1σ 和 2σ。你的预测 {guess} 在图上离它 {distance}，即 {sigmas} 个 σ。',
      },
    },

    eps: {
      title: 'ε 与 z = μ + σ ⊙ ε：采样一个 z',
      text: [
        '为了解码，VAE 从 q(z|x) 中采样一个 z。做法是先从 N(0, I) 中采样噪声 ε，再把它缩放、平移过去：z = μ + σ ⊙ ε。',
        '所有的随机性都在 ε 里，所以训练时梯度可以穿过 μ 和 σ 传回去（重参数化技巧）。内部视图会一直保持 ε 不变，直到你改变它。',
      ],
      formula: 'z = μ + σ ⊙ ε,   ε ~ N(0, I)',
      prediction: {
        question: '换一个新的 ε 时，什么会变？',
        options: [{ label: 'μ 和 σ 会变' }, { label: 'z 会变；μ 和 σ 不变' }, { label: '什么都不变：图像还是一样' }],
      },
      action: { say: '在内部视图里按“新 ε”（或者输入一个 ε，或在它的图上拖动 z）。' },
      reveal: {
        text: 'ε 从 {epsBefore} 变为 {epsAfter}，于是 z 从 {zBefore} 变为 {zAfter}，而 μ 仍是 {mean}，σ 仍是 {sigma}：{answer}。',
      },
    },

    decoder: {
      title: '解码器：p(x|z)',
      text: [
        '解码器把 z 变回一张图像：每个像素一个 logit，sigmoid 把它变成有墨迹的概率。这张由概率组成的图像就是 p(x|z)。',
        '输入只有 z。移动 z，解码器就画出它学到的、那个位置上的东西。',
      ],
      formula: 'p(x|z) = 对所有像素连乘 Π Bernoulli(xᵢ; sigmoid(解码器(z)ᵢ))',
      prediction: {
        question: '在内部视图的图上把 z 从 μ 拖开（或者让图获得焦点后按方向键，按住 Shift 移得更多）。重构项，也就是 p(x|z) 为解释你的 x 付出的奈特数，会上升还是下降？',
      },
      action: { say: '在内部视图的图上移动 z：拖动它，或者用方向键。' },
      reveal: {
        text: 'z 离开 μ {moved} 个 σ，重构项从 {before} 奈特变为 {after} 奈特（{direction}）。离 μ 远了，解码器画出的就是另一个数字，而不是你的。',
      },
    },

    pixels: {
      title: '重构项，逐个像素看',
      text: [
        'p(x|z) 对 x 解释得有多好，是 784 个像素的总和：有墨迹的像素付出 −log p，空白的付出 −log(1 − p)。热力图显示代价花在哪里。',
        '有把握又对了的像素几乎不付出什么；有把握却错了的像素付出很多。',
      ],
      formula: '重构项 = −Σᵢ [xᵢ log pᵢ + (1 − xᵢ) log(1 − pᵢ)]',
      prediction: {
        question: '这是你的 x 里的两个像素，以及解码器给它们的值。哪个付出的奈特更多？',
        options: [
          { label: '像素 A（第 {rowA} 行，第 {colA} 列）：x = {xA}，p = {pA}' },
          { label: '像素 B（第 {rowB} 行，第 {colB} 列）：x = {xB}，p = {pB}' },
        ],
      },
      action: { say: '按“ε = 0（z = μ）”：z 回到编码器的最佳估计，热力图显示代价花在哪里。' },
      reveal: {
        text: '像素 A 付出 {costA} 奈特，像素 B 付出 {costB}：{answer}。全部 784 个像素一共付出 {total} 奈特，这就是重构项（现在 z = μ）。',
      },
    },

    kl: {
      title: 'KL 项，逐个维度看',
      text: [
        '第二项衡量 q(z|x) 离先验 N(0, I) 有多远，逐个潜在维度计算，单位是奈特。',
        '编码离 0 很远，或者 σ 比 1 小得多，都要付出 KL：这是对一张图像说得很多的代价。',
      ],
      formula: 'KL = Σₖ ½ (μₖ² + σₖ² − log σₖ² − 1)',
      prediction: {
        question: '现在改看 MNIST 的一个测试数字，而不是你的手绘。和你的手绘相比，它的 KL 会上升还是下降？',
      },
      action: { say: '按“随机测试数字”（或者在图上选一个，或输入它的编号）。' },
      reveal: {
        text: '你的手绘付出 {before} 奈特的 KL（每个维度：{perDimBefore}）；测试数字 {index} 付出 {after}（{perDimAfter}）：{direction}。',
      },
    },

    elbo: {
      title: 'ELBO：两项合在一起',
      text: [
        '证据下界（ELBO）把两项相加再取负：它是 log p(x) 的下界，也就是模型认为 x 有多大可能。越高越好。',
        '训练就是在训练图像上最大化它：重构得好，同时让每个 q(z|x) 靠近先验。',
      ],
      formula: 'ELBO = E_q[log p(x|z)] − KL(q(z|x) ‖ p(z)) ≤ log p(x)',
      prediction: {
        question: '模型会认为哪一个更有可能，也就是 ELBO 更高？',
        options: [{ label: '你的手绘' }, { label: '测试数字' }],
      },
      action: { say: '按“你的手绘”，再看一次你的手绘的内部。' },
      reveal: {
        text: '你的手绘：ELBO = −({reconstruction} + {kl}) = {elbo} 奈特。测试数字：{testElbo} 奈特。ELBO 更高的是{answer}。',
      },
    },

    'why-kl': {
      title: '为什么要有 KL 项：自编码器对比 VAE',
      text: [
        '没有 KL 项，编码器可以把编码放在任何地方：那就是普通的自编码器。KL 项把 VAE 的编码聚拢在先验 N(0, I) 周围。',
        '要生成图像，就从先验中采样 z 再解码。对比视图用三个训练方式相同的模型来做这件事。',
      ],
      prediction: {
        question: '哪个模型从先验 N(0, I) 中采样的样本会像数字？',
        options: [{ label: '自编码器（没有 KL）' }, { label: 'β = 0 的 VAE（不付 KL）' }, { label: 'β = 1 的 VAE' }],
      },
      action: { say: '打开对比视图（“为什么用 VAE，而不是自编码器？”，标号 4），看“生成”那一行。' },
      reveal: {
        text: '离先验中心 2 以内的测试编码所占比例：{shares}。编码填满先验的地方，从先验中采样的 z 会落在解码器学过数字的位置：{best}。',
      },
    },

    beta: {
      title: 'β：KL 项在权衡什么',
      text: [
        'β-VAE 用 β 给 KL 项加权。β 越大，每个编码被拉向先验的力就越强：编码对每张图像说得更少，有些维度会彻底放弃（发生坍塌）。',
      ],
      formula: '损失 = 重构项 + β · KL',
      prediction: {
        question: '从 β = 1 到 β = 10（两个潜在维度 16 的模型），你的手绘的 KL 会上升还是下降？',
      },
      action: { say: '在对比视图里按“β：1 对比 10（潜在维度 16）”。' },
      reveal: {
        text: 'β = 1 时，你的手绘：KL {klLow} 奈特，重构项 {reconstructionLow}；β = 10 时：KL {klHigh}，重构项 {reconstructionHigh}。KL {direction}了：β 用更差的重构换来更简单的编码。',
      },
    },

    training: {
      title: '训练：先走一步，再走很多步',
      text: [
        '训练时，模型拿到一个批次的图像，算出每张图像的 ELBO，再把每个权重朝着让 ELBO 升高的方向挪一点（一个 Adam 训练步）。',
        '“单步”只训练一步，用慢动作展示；“开始”则一轮接一轮地训练下去。',
      ],
      prediction: {
        question: '走完一步后，这个批次的 ELBO（同样的图像、同样的 ε）会上升还是下降？',
      },
      action: { say: '在训练面板里按“单步”（第一次会先加载训练数据，需要几秒钟）。' },
      reveal: {
        text: '第 {step} 个训练步：这个批次的 ELBO 从 {before} 变为 {after} 奈特（{direction}）：重构项 {reconstructionBefore} → {reconstructionAfter}，KL {klBefore} → {klAfter}。你用的模型就是成千上万个这样的训练步造出来的；接下来，一次走很多步。',
      },
    },

    'training-run': {
      title: '从头训练：很多步',
      text: [
        '当前的模型已经训练过了：接着训练，它的曲线几乎不会动。所以这一步从一个全新的模型开始：随机的权重让每个像素都像抛硬币（每张图像约 543 奈特）。',
        '“开始”会一步接一步地训练，每次换一个新批次，每隔不到一秒报告一次。每次报告是曲线上的一个点；曲线下方的样本由从先验中采样的同一组 z 解码而来，会随着权重的学习而变化。',
      ],
      prediction: {
        question: '在训练的最初几秒里，全新模型的损失会怎样变化？',
        options: [{ label: '下降超过十分之一' }, { label: '变化不超过十分之一' }, { label: '上升超过十分之一' }],
      },
      action: {
        say: '在训练面板里按“重置为新的随机模型”。',
        moves: [
          { say: '现在用的是一个全新的模型（它的样本是噪声）。按“开始”，观察曲线和样本。' },
          { say: '报告陆续来了。看够了就按“暂停”。' },
        ],
      },
      reveal: {
        text: '一共收到 {reports} 次报告：损失从第一次的 {first} 奈特（{epochFirst} 轮）变为最后一次的 {last}（{epochLast} 轮），变化 {change}：{answer}。目前训练出的权重现在就是页面的模型（模型菜单里称它为“本页训练”；在那里选一个预训练模型就能换回去）。',
      },
    },

    conditional: {
      title: '条件变分自编码器：你的风格，写出每个数字',
      text: [
        '条件变分自编码器会被告知一张图像是哪个数字 y。这样 z 只需要记住风格：倾斜、宽度、笔画。',
        '告诉它另一个 y、用同一个 z，它就用你的风格写出那个数字。模型里没有分类器，它却也能认出你的数字：比较它在被告知每个 y 时得到的 ELBO。',
      ],
      formula: 'q(z|x, y),  p(x|z, y),  p(y|x) ∝ exp ELBO(x, y)',
      prediction: {
        question: '条件模型会把你的手绘认成哪个数字？',
      },
      action: { say: '在页面顶部的模型菜单里选择“预训练 · 条件变分自编码器，潜在维度 2”。' },
      reveal: {
        text: '它认出的是 {label}，p(y|x) = {probability}。柱状图下方：用你的风格写出的每个数字，从 0 到 9。',
      },
    },

    summary: {
      title: '你的预测，和模型的实际表现',
      text: ['路径上你做过的每个预测，和页面实测的结果放在一起对照。随时可以重新打开学习路径，再走一遍任何一步。'],
      action: { say: '自己去探索任何一个面板吧：页面上的每个视图都是实时的。' },
      reveal: { text: '你做了 {made} 个预测，对了 {right} 个。' },
    },
  },
};
