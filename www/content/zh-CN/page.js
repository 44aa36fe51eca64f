// 页面自身标记（index.html）的中文：每个 data-i18n="key"（元素的内容）和
// data-i18n-<属性>="key"（那个属性的值）一条。英文带行内标签（<strong>、<em>、<sub>）的，
// 中文用同样的标签，按 HTML 写；英文里没有子元素的（页面按纯文本填入），中文也只写纯文本，
// 所以这里不用 &lt; 或 &amp; 这样的实体。
// 一句话被页面拆成几段、中间夹着代码填入的数字或词的地方（例如“第 … 个训练步（慢动作）”），
// 各段按标记里的顺序翻译，拼起来读着通顺。

export default {
  page: {
    // ------------------------------------------------------------ 标题与页眉
    'head.vae-wasm-a-variational-autoencoder': 'vae-wasm · 在浏览器里运行的变分自编码器',
    'header.a-variational-autoencoder-for-handwritten': '一个完全在你的浏览器里训练和运行的手写数字变分自编码器（Rust · burn · WebAssembly）。',
    'header.language': '语言',
    'header.backend': '后端',
    'header.model': '模型',
    'header.pretrained-latent-2': '预训练 · 潜在维度 2',
    'header.pretrained-latent-16': '预训练 · 潜在维度 16',
    'header.pretrained-conditional-latent-2': '预训练 · 条件变分自编码器，潜在维度 2',
    'header.autoencoder-latent-2': '自编码器 · 潜在维度 2',
    'header.vae-at-0-latent-2': 'β = 0 的 VAE · 潜在维度 2',
    'header.vae-at-1-5-epochs': 'β = 1、训练 5 轮的 VAE · 潜在维度 2',
    'header.vae-at-10-latent-16': 'β = 10 的 β-VAE · 潜在维度 16',
    'header.copy-link': '复制链接',
    'header.a-link-to-this-view': '指向当前视图的链接：包含模型、你的手绘和潜在空间中的那个点',
    'page.a-new-version-of-this': '本页有新版本可用。',
    'page.reload': '重新加载',

    // ------------------------------------------------------------ 手绘面板
    'draw.draw-a-digit': '画一个数字',
    'draw.draw-a-digit-here': '在这里画一个数字',
    'draw.undo': '撤销',
    'draw.clear': '清空',
    'draw.open-an-image': '打开图像…',
    'draw.put-an-image-in': '把一张 PNG、JPEG 或 WebP 图像放进画板（也可以直接拖到画板上）：按 MNIST 数字当年的处理方式读取，裁到墨迹并居中',
    'draw.what-the-model-sees-28': '模型看到的（28×28）',
    'draw.reconstruction': '重构',
    'draw.which-digit': '是哪个数字？',
    'draw.p-y-x-from-the': 'p(y|x)，由模型在被告知每个数字时的 ELBO 得出；选一个数字，就按这个数字来编码你的书写风格',
    // 后面紧跟代码填入的估计方式：“ELBO −98.20 奈特 · 精修后的 q(z|x)……”
    'draw.nats': '奈特 ·',
    'draw.refine-q-z-x-per': '精修 q(z|x)（每张图像 50 个梯度步）',
    'draw.insideOpen': '看看模型内部：通往 ELBO 的每一步',
    'draw.insideOpenAe': '看看模型内部：通往重构项的每一步',
    'draw.insideHide': '隐藏内部视图',
    'draw.why-a-vae-and-not': '为什么要用 VAE，而不是自编码器？对比一下',
    'draw.is-this-a-digit-place': '这是数字吗？把它放到测试数字中间看看',
    'draw.fill-in-what-is-missing': '补上缺失的部分：擦掉它的一部分，让模型把它补全',
    'draw.which-digit-the-model-reads': '模型把它读成哪个数字，即 p(y|x)；选一个数字，就把手绘按这个数字来编码',
    'draw.the-encoder-guesses-q-z':
      '编码器一次前向传播就估计出 q(z|x)；之后在这张手绘自己的 ELBO 上做 50 个梯度步，为同一个解码器找到更好的后验',

    // ------------------------------------------------------------ 潜在空间
    'latent.latent-space': '潜在空间',
    'latent.map-plane': '投影平面',
    'latent.principal-components': '主成分',
    'latent.two-dimensions': '两个维度',
    'latent.decoded-from-the-sliders': '由滑块解码',
    'latent.the-sliders-style-z-written': '滑块给出的风格 z，写成每一个数字',
    'latent.horizontal-dimension': '横轴的维度',
    'latent.vertical-dimension': '纵轴的维度',

    // ------------------------------------------------------------ 内部视图
    'inside.title': 'VAE 的内部',
    'inside.titleAe': '自编码器的内部',
    'inside.hint': '从一张图像到它的 ELBO 的每一步，都按模型的计算过程展示：下面的数字和图片来自模型自己的一次前向传播。',
    'inside.hintAe': '从一张图像到它的重构项的每一步，都按模型的计算过程展示：下面的数字和图片来自模型自己的一次前向传播。',
    'inside.close': '关闭',
    // 后面紧跟代码填入的对象：“正在查看 你的手绘”“正在查看 测试数字 42”
    'inside.looking-inside': '正在查看：',
    'inside.then-click-a-dot-on': '然后在潜在空间图上点一个点',
    'inside.your-drawing': '你的手绘',
    'inside.test-digit': '测试数字',
    'inside.random-test-digit': '随机测试数字',
    'inside.which-image-to-look-inside': '查看哪张图像的内部',
    'inside.x-the-input': 'x：输入',
    'inside.the-image-as-the-model': '模型眼中的图像：28×28 个像素，每个像素的值是有墨迹的概率；它像 MNIST 的数字那样被裁剪、缩放并居中。',
    'inside.the-rust-that-computes-it': '计算这一步的 Rust 代码',
    'inside.encoder': '编码器',
    'inside.q-z-x-a-distribution': 'q(z|x)：一个分布，而不是一个点',
    'inside.a-linear-layer-turns-the':
      '一个线性层把最后的特征变成每个潜在维度的均值 μ 和对数方差 log σ²：这是编码器对这张图像在潜在空间中位置的判断，以及它有多确定。',
    'inside.log-and-per-latent-dimension': '每个潜在维度的 μ、log σ² 和 σ',
    'inside.dim': '维度',
    'inside.log': 'log σ²',
    'inside.sampleTitle': 'z = μ + σ ⊙ ε：重参数化技巧',
    'inside.sampleTitleAe': 'z = encoder(x)：一个点，而不是一个分布',
    'inside.sampleText':
      'z 是从 q(z|x) 中采样得到的：把噪声 ε ~ N(0, I) 按 σ 缩放，再加到 μ 上。随机性只在 ε 里，所以梯度可以穿过 μ 和 σ 传回去。换一个 ε 看看：μ 和 σ 不变，z 以及它之后的一切都会变。',
    'inside.sampleTextAe':
      '自编码器的编码器给出一个编码 z，而不是一个分布：没有 σ，没有 ε，也没有 KL 项；它的损失只有重构项。这样做的代价，请看对比视图。',
    'inside.new': '新 ε',
    'inside.mapCaption': 'q(z|x)：μ（圆点）周围的 1σ 和 2σ 椭圆，以及 z（叉号）；拖动 z 来设定 ε',
    'inside.mapCaptionAe': 'z（叉号）位于测试数字的编码之间：同一张图像总是得到同一个 z',
    'inside.what-changes-p-x-z': 'σ ⊙ ε 带来的变化：p(x|z) 减去 p(x|μ)，放大显示',
    'inside.and-z-per-latent-dimension': '每个潜在维度的 ε 和 z',
    'inside.held': 'ε（保持不变）',
    'inside.decoder-from-z-back-to': '解码器：从 z 回到图像',
    // 英文写作 “blue &lt; 0 &lt; red”；这个元素按纯文本填入，所以中文不用实体，直接用文字说明。
    'inside.logits-blue-lt-0-lt': 'logits（蓝色为负，红色为正）',
    'inside.p-x-z-sigmoid-logits': 'p(x|z) = sigmoid(logits)',
    'inside.where-the-nats-go': '奈特都花在了哪里',
    'inside.lossText':
      '重构项是 x 与 p(x|z) 之间每个像素的二元交叉熵之和：图上显示这些代价落在哪里。KL 项是 q(z|x) 在每个维度上离先验 N(0, I) 有多远。ELBO = −(重构项 + KL)：越高越好。',
    'inside.lossTextAe':
      '重构项是 x 与 p(x|z) 之间每个像素的二元交叉熵之和：图上显示这些代价落在哪里。它就是自编码器的全部损失：没有 KL 项，也就没有 ELBO。',
    'inside.each-pixel-s-cross-entropy': '逐像素交叉熵',
    'inside.nats': '奈特',
    'inside.kl-per-dimension': '每个维度的 KL · Σ =',
    'inside.reconstruction': '重构项',
    'inside.kl-together-elbo': 'KL：两者合起来是 −ELBO',

    // ------------------------------------------------------------ 对比视图
    'compare.why-a-vae-and-not': '为什么要用 VAE，而不是自编码器',
    'compare.an-autoencoder-also-squeezes-a':
      '自编码器同样能把一个数字压缩成几个数，再还原回来。VAE 的 KL 项才让它能够<em>生成</em>：下面是以同样方式训练的真实模型，输入相同，坐标轴也相同。',
    'compare.close': '关闭',
    'compare.compare': '对比',
    'compare.which-models-to-compare': '要对比哪些模型',
    'compare.the-kl-term-autoencoder-0': 'KL 项：自编码器 · β = 0 · β = 1（潜在维度 2）',
    'compare.1-against-10-latent-16': 'β：1 对比 10（潜在维度 16）',
    'compare.the-models-pick-any-shipped': '<strong>模型。</strong>每一列都可以选任意一个随页面提供的模型，或者当前使用的模型（在本页训练或上传的）。',
    'compare.where-the-codes-lie-each':
      '<strong>编码落在哪里。</strong>每个点是一个测试数字的编码，按数字着色；圆圈是先验 N(0, I) 的 1σ 和 2σ。自编码器的编码停在训练结束时它们所在的任何地方，彼此之间留有空洞；KL 项则把 VAE 的编码聚拢到先验周围。',
    'compare.generate-z-drawn-from-n':
      '<strong>生成：从 N(0, I) 中采样 z。</strong>每个模型用同一组 z（按它的潜在维度截取）。编码填满先验的地方，解码器为每个 z 都学到了一个数字；没有填满的地方，它就没有学到。',
    'compare.your-drawing-reconstructed-encoded-to':
      '<strong>你的手绘的重构。</strong>编码为它的均值 μ（不加噪声），再解码。重构项是这次重构的代价（奈特）；KL 项是 VAE 为一个靠近先验的编码付出的代价。',
    'compare.kl-per-dimension-bars-your':
      '<strong>每个维度的 KL。</strong>柱：你的手绘的 KL；刻度线：10,000 个测试数字上的平均值（测量完成后显示）。平均 KL 低于 0.01 奈特的维度已经坍塌（标为 ×）：对每张图像，q(z<sub>k</sub>|x) 都等于先验，解码器会忽略它。',
    'compare.rate-kl-nats-against-distortion':
      '10,000 个测试数字上的码率（KL，奈特）与失真（重构项，奈特）：每个模型一个点。越往左下，两者都越好；VAE 通过 β 在两者之间权衡，而自编码器落在坐标轴上：不付出 KL，也无法生成。',
    // 后面紧跟选择模型的菜单：“潜在维度遍历：[β = 10 的 β-VAE · 潜在维度 16]”
    'compare.traversals-of': '潜在维度遍历：',
    'compare.which-model-s-dimensions-to': '遍历哪个模型的维度',
    'compare.one-row-per-dimension-z':
      '每个维度一行：z<sub>k</sub> 从 −3 变到 3，其他维度保持在你的手绘的 μ（还没画时为 0）。坍塌维度的那一行不会变化。',

    // ------------------------------------------------------------ 这是数字吗？（异常检测）
    'anomaly.is-this-a-digit': '这是数字吗？',
    'anomaly.anomaly-detection-with-the-vae':
      '用 VAE 做异常检测：模型觉得不太可能出现的图像，ELBO 就低。下面是每个测试数字的 ELBO，以及画板里的图像（你的手绘，或一个测试数字）在它们中间处于什么位置。',
    'anomaly.close': '关闭',
    'anomaly.which-score': '用哪个得分',
    'anomaly.the-elbo': 'ELBO',
    'anomaly.the-elbo-plus-complexity': 'ELBO + 图像的复杂度',
    'anomaly.x-the-image': 'x，这张图像',
    'anomaly.p-x-z-what-the': 'p(x|z)，模型预期的样子',
    'anomaly.where-it-pays-each-pixel': '代价在哪里：逐像素交叉熵',
    'anomaly.the-reconstruction-term-pixel-by':
      '逐个像素的重构项，和内部视图里的一样（一个 ε）：颜色越深，这个像素花的奈特越多。模型预期是纸的地方有墨迹，或预期有墨迹的地方是纸，代价最高。',
    'anomaly.a-low-elbo-says-the':
      'ELBO 低只说明模型觉得这张图像不太可能出现，并不说明它是什么。VAE 也可能把不是数字的图像评得比数字<em>更</em>可能（Nalisnick 等，2019）：比如墨迹很少的图像，要解释的东西本来就少。试一试：画一条短横线，它凭 ELBO 就能算作数字（换成潜在维度 16 的模型，两个小点甚至胜过大多数测试数字）。第二个得分（Serrà 等，2020）加上无损压缩器为这张图像所需的奈特数，让简单本身不再得分：这条短横线就会被标记。每个得分能在多大程度上把字母、图形、笔画、点、噪声和反色数字与数字区分开，用 <code>vae score</code> 测量，结果在项目的 <code>docs/measurements.md</code> 里。',

    // ------------------------------------------------------------ 补上缺失的部分（图像修复）
    'completion.fill-in-what-is-missing': '补上缺失的部分',
    'completion.inpainting-with-the-vae':
      '用 VAE 做图像修复：擦掉画板里图像的一部分，模型根据剩下的部分把它补全。它只在观测到的像素上用梯度步精修 q(z|x)（重构项只对这些像素求和，KL 项照常），从多个起点出发（编码器给出的初值，以及从先验中抽取的其他起点），这样它能找到不止一个与观测像素相符的数字。从每个起点精修的结果中采样一个 z 并解码，显示缺失部分可能的一种样子；修复结果是许多这样的样本的加权平均（每个起点的权重取决于它对观测像素解释得有多好），分散程度图显示它们在哪里不同。',
    'completion.close': '关闭',
    'completion.the-image-its-missing-pixels': '这张图像，缺失的像素画了斜线：模型只看得到其余的像素',
    'completion.erase': '擦掉',
    'completion.top-half': '上半部分',
    'completion.bottom-half': '下半部分',
    'completion.left-half': '左半部分',
    'completion.right-half': '右半部分',
    'completion.centre-square': '中间的方块',
    'completion.50-at-random': '随机 50%',
    'completion.75-at-random': '随机 75%',
    'completion.90-at-random': '随机 90%',
    'completion.lower-the-resolution': '降低分辨率',
    'completion.dragging-on-the-image': '在图像上拖动',
    'completion.erases-pixels': '擦掉像素',
    'completion.restores-them': '恢复像素',
    'completion.observe-every-pixel': '观测全部像素',
    'completion.with-the-keyboard': '用键盘：在图像上，方向键移动画笔，空格键在它下面涂，按住 Shift 再按方向键会一路涂过去。',
    'completion.complete-it-as-the-digit': '补成数字',
    'completion.the-completion-the-observed-pixels': '修复结果：观测到的像素贴回原样，缺失的像素是各个样本的 p(x|z) 的加权平均',
    'completion.how-much-the-samples-differ': '样本在每个像素上相差多少（标准差）',
    'completion.one-sample-of-z-from': '从每个精修后的起点采样一个 z 并解码：缺失部分可能的样子',
    'completion.refined-from-one-starting':
      '从一个起点精修，q(z|x) 只会选定一种补全方式，而一笔自信的错误笔画要花很多奈特；从多个起点出发，样本之间就可以有分歧（一个擦掉上半部分的 7，也可能是 1 或 9），只要各个起点对观测像素解释得差不多好，它们的平均在有分歧的地方就会两边兼顾。每个样本都会重画整张图像，所以它们沿着每一笔都略有不同，无论这一笔是否被观测到；缺失的像素里如果有决定是哪个数字的笔画，样本变化最大（试试中间的方块）。条件模型告诉它另一个数字，它就把图像补成那个数字。',

    // ------------------------------------------------------------ 流形与样本
    'manifold.manifold': '流形',
    // 后面紧跟选择数字的菜单：“写成数字 [7]”
    'manifold.written-as-the-digit': '写成数字',
    'manifold.the-digit-the-manifold-is': '流形写成的数字',
    'manifold.decoded-images-over-a-grid': '在潜在空间图的两个维度上，从 −3 到 3 的网格中解码出的图像。',
    'manifold.the-style-plane-written-as': '风格平面写成所选的数字：在潜在空间图的两个维度上从 −3 到 3 的网格。',
    'samples.samples-from-the-prior': '先验样本',
    'samples.one-row-per-digit-z': '每个数字一行：z ~ N(0, I)，写成 0、1、…、9。',
    'samples.an-autoencoder-has-no-prior':
      '自编码器没有先验：这些 z 照样是从 N(0, I) 中采样，再经过它的解码器。没有任何东西把它的编码拉向 N(0, I)（见潜在空间图），所以从中采样的 z 可能落在编码之间（解码出几个数字的混合，或者什么数字都不像），而编码落在远处的数字很少被画出来。',
    'samples.re-sample': '重新采样',
    'samples.interpolation': '插值',
    'samples.use-drawing-as-a': '用手绘作为 A',
    'samples.use-drawing-as-b': '用手绘作为 B',
    'samples.denoising': '去噪',
    'samples.noise': '噪声',
    'samples.noisy-drawing': '加了噪声的手绘',
    'samples.reconstruction': '重构',

    // ------------------------------------------------------------ 数据
    'train.train-in-the-browser': '在浏览器里训练',
    'data.data': '数据',
    'data.bring-your-own-data': '使用你自己的数据',
    'data.idx-files': 'IDX 文件…',
    'data.an-images-file-optionally-its':
      '一个图像文件，可以附带它的标签文件，也可以再附带同样的一组测试文件（MNIST、Fashion-MNIST、KMNIST、EMNIST；是否经过 gzip 压缩都可以）',
    'data.image-files': '图像文件…',
    'data.png-jpeg-or-webp-files': '任意尺寸的 PNG、JPEG 或 WebP 文件',
    'data.a-folder-of-images': '图像文件夹…',
    'data.images-in-sub-folders-are': '子文件夹中的图像以子文件夹的名字作为标签',
    'data.back-to-mnist': '回到 MNIST',
    'data.name': '名称',
    'data.framing': '裁切方式',
    'data.ink-on-paper-crop-to': '纸上的墨迹：裁剪到墨迹范围并居中',
    'data.whole-image-resize-it': '整张图像：直接缩放',
    'data.ink': '墨迹',
    'data.detected': '自动检测',
    'data.dark-on-light': '浅底深色',
    'data.light-on-dark': '深底浅色',
    'data.levels': '灰度级',
    'data.binarised-at-as-mnist': '在 ½ 处二值化（与 MNIST 相同）',
    'data.grey-levels-kept': '保留灰度',
    'data.use-this-data': '使用这些数据',
    'data.cancel': '取消',

    // ------------------------------------------------------------ 训练
    'train.model': '模型',
    'train.conv': '卷积（conv）',
    'train.conditional-cvae': '条件变分自编码器（cvae）',
    'train.autoencoder-ae': '自编码器（ae）',
    'train.latent-dim': '潜在维度',
    'train.kl-warm-up-steps': 'KL 预热步数',
    'train.learning-rate': '学习率',
    'train.batch': '批量大小',
    'train.epochs': '轮数',
    'train.step': '单步',
    'train.one-optimiser-step-on-one': '在一个批次上做一个优化器训练步，并详细展示',
    'train.pause': '暂停',
    'train.reset-to-a-new-random': '重置为新的随机模型',
    'train.download-weights': '下载权重',
    'train.upload-weights': '上传权重',
    'train.fixed-prior-samples-as-training': '固定的先验样本，随训练变化',

    // ------------------------------------------------------------ 慢动作单步
    // 标题：“第” + 代码填入的步数 + “个训练步（慢动作）”，读作“第 12 个训练步（慢动作）”。
    'step.step': '第',
    'step.in-slow-motion': ' 个训练步（慢动作）',
    'step.the-batch': '这个批次',
    'step.p-x-z-before-the': '训练步之前的 p(x|z)',
    // 图注：“每张图像的” + 代码填入的 “−ELBO”（自编码器为“重构项”）+ “按批次中的顺序排列，单位为奈特：” + 图例。
    'step.reconstruction': '重构项',
    'step.the-rust-of-one-training': '一个训练步的 Rust 代码',

    // ------------------------------------------------------------ 页脚
    'footer.everything-runs-locally-your-drawings': '一切都在本地运行：你的手绘永远不会离开这个页面。',
    // 英文写作 “Cortes &amp; Burges”；这个元素按纯文本填入，所以中文用“和”，不用实体。
    'footer.mnist-by-lecun-cortes-amp': '· MNIST 由 LeCun、Cortes 和 Burges 制作。',
  },
};
