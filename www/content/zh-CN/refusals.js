// crate 拒绝一个请求时的中文说法。wasm 抛出的 Error 带有 `refusal`：
// { kind, key, values, within }。KINDS[kind] 是错误的类别，REASONS[key] 是理由的模板，
// 其中的 {占位符} 换成 values 里同名的值；within 里的上下文（如文件名）依次放在理由前面，
// 与英文的写法相同。每个模板与 src/ 中同一个 key 的 `refusal!` 的英文模板有相同的占位符
// （tests/page/i18n.test.mjs 检查）。值按 crate 的英文写法传进来：数字、文件名、字段名，
// 以及少数由代码拼出的英文短语（如模型的种类 “cvae (conditional)”、系统给出的原因），原样引用。

/** 错误的类别（VaeError 的各个变体），放在理由前面，如“输入无效：……”。 */
export const KINDS = Object.freeze({
  input: '输入无效',
  config: '配置无效',
  data: '数据集无效',
  weights: '权重文件无效',
  backend: '后端错误',
  training: '训练已停止',
});

/**
 * crate 用英文写出的几种值，按占位符：IDX 文件是图像还是标签、属于训练集还是测试集，模型的种类
 * 及其类别。只有占位符和值都对得上才替换：用户自己的文件夹名（也可能叫 images）照原样引用。
 */
export const VALUE_WORDS = Object.freeze({
  what: { images: '图像', labels: '标签' },
  role: { images: '图像', labels: '标签' },
  split: { training: '训练集', test: '测试集' },
  kind: {
    'conv (unconditional)': 'conv（无条件）',
    'mlp (unconditional)': 'mlp（无条件）',
    'cvae (conditional)': 'cvae（条件）',
    'ae (autoencoder)': 'ae（自编码器）',
  },
});

/** 每种拒绝的理由，按 key。 */
export const REASONS = Object.freeze({
  // 从 JavaScript 传进来的值（src/input.rs、src/web.rs）
  'whole-number': '{name}：应为 {min} 到 {max} 之间的整数，得到 {got}',
  'number-range': '{name}：应为 {min} 到 {max} 之间的数，得到 {got}',
  'beyond-float32': '{name}：应为 ±{max} 以内的数，得到 {got}',
  'wrong-type': '{name}：应为 {expected}，得到 {got}',
  'value-malformed': '{name}：{reason}',
  'pixels-length': '{name}：像素的个数应为 {width} 的倍数（每张图像 28×28），得到 {got}',
  'pixel-out-of-range': '{name}：像素必须在 [0, 1] 之内，在索引 {index} 处得到 {got}',
  'not-one-image': '{name}：应为一张图像（{pixels} 个像素），得到 {count} 张',
  'latents-length': '{name}：值的个数应为 {width}（潜在维度）的倍数，得到 {got}',
  'latent-out-of-range': '{name}：潜变量的值必须是有限的，且在 ±{max} 之内，在索引 {index} 处得到 {got}',
  'not-one-point': '{name}：应为一个有 {latent_dim} 个值的点，得到 {got} 个值',
  'unknown-split': 'split：应为 "train" 或 "test"，得到 {got}',
  'unknown-backend': 'backend：应为 auto、cpu、flex、ndarray 或 webgpu，得到 {got}',

  // 配置（src/config.rs、src/train.rs）
  'config-not-object': 'config：应为普通对象或 undefined，得到 {got}',
  'unknown-kind': 'kind：应为 {kinds} 之一，得到 {got}',
  'unknown-field': '未知字段“{field}”（字段有 kind、latentDim、beta、warmupSteps、learningRate、batchSize 和 seed）',
  'architecture-change':
    '潜在维度为 {latent_dim} 的 {kind} 模型不能接受潜在维度为 {other_latent_dim} 的 {other_kind} 模型的权重或设置：要更换 kind 或 latentDim，请重置模型',
  'trainer-latent-dim': '模型的潜在维度是 {model}，配置里是 {config}',
  'trainer-kind': '模型的种类是 {model}，配置里是 {config}',
  'batch-larger-than-dataset': 'batchSize {batch_size} 大于训练图像的数量 {images}',

  // 手绘（src/preprocess.rs）
  'drawing-rgba-length': '{width}×{height} 的 RGBA 数据应为 {expected} 字节，得到 {got}',
  'drawing-length': '{width}×{height} 的手绘有 {expected} 个像素，得到 {got}',
  'drawing-not-finite': '手绘中含有 NaN 或无穷大的值',
  'drawing-empty': '手绘是空的',
  'drawing-resize-failed': '无法缩放手绘：{reason}',

  // 模型和会话（src/session.rs、src/model.rs、src/data.rs、src/classify.rs、src/eval.rs、src/train.rs）
  'no-training-data': '请先加载训练数据',
  'no-test-data': '请先加载测试数据',
  'label-needed': 'label：这个 {kind} 模型需要知道要写出或读出的数字（0–9）',
  'label-refused': 'label：这个 {kind} 模型不接受标签，得到 {label}',
  'no-digits-to-write': '这个 {kind} 模型没有可以把 z 写成的数字：只有条件变分自编码器（cvae）才有',
  'reads-no-digits': '这个 {kind} 模型不识别数字：只有条件变分自编码器（cvae）才能分类',
  'needs-posterior':
    '{what}：这个 {kind} 模型没有后验 q(z|x)（没有 σ、ε、KL，也没有 ELBO）：它的编码器为每张图像给出一个编码；只有 VAE 类的模型（conv、mlp、cvae）才有后验',
  'split-without-labels': '加载这份数据时没有带标签，而条件变分自编码器（cvae）需要知道每张图像是哪个数字：请把它的标签文件也加载进来',
  'label-beyond-classes': '标签 {label}：条件变分自编码器（cvae）区分 {classes} 个类别，即 0 到 {max}',
  'empty-dataset': '无法在空数据集上评估',
  'no-images-or-samples': '至少需要一张图像和一个样本',
  'trainer-dataset-size': '训练器是为 {expected} 张图像设置的，得到的数据集有 {got} 张',

  // 图像修复的掩码（src/mask.rs）：1 表示观测到的像素，0 表示缺失的像素
  'mask-length': '{name}：应为 {pixels} 个值（28×28 图像的每个像素一个），得到 {got} 个',
  'mask-not-binary': '{name}：每个像素应为 1（观测到）或 0（缺失），在索引 {index} 处得到 {got}',
  'mask-empty':
    '{name}：没有观测到任何像素（{pixels} 个都是 0）：这样修复结果只是从先验 p(z) 中采样的一个样本，与这张图像无关',
  'unknown-mask-preset': 'mask：应为 {presets} 之一，得到 {got}',

  // 异常检测（src/anomaly.rs）
  'auroc-empty-set': 'AUROC：{which} 集合是空的；需要两个各至少有一张图像的集合',
  'unknown-score': 'score：应为 {scores} 之一，得到 {got}',

  // 训练（src/train.rs）
  'weights-already-diverged': '当前的权重已经使每张图像的损失达到 {loss} 奈特；没有做任何改动——请重置模型或加载其他权重',
  'step-diverged':
    '第 {step} 个训练步发散了（之后每张图像的损失为 {loss} 奈特，学习率 {learning_rate}）；保留了这一步之前（第 {kept} 步之后）的权重——请试试更小的学习率',

  // 数据集：IDX 文件（src/data.rs、src/dataset.rs）
  'pixels-not-whole-images': 'pixels：{got} 个值不是整数张 28×28 图像',
  'dataset-image-count': '一个数据集有 1 到 {max} 张图像，得到 {got} 张',
  'label-count-mismatch': '{images} 张图像，却有 {labels} 个标签',
  'label-not-digit': '标签 {label} 不是 0–9 的数字',
  'idx-image-side': '图像必须是 {side}×{side}，得到 {width}×{height}',
  'idx-no-images': '图像文件里没有图像',
  'gzip-unreadable': 'gzip：{reason}',
  'idx-header-short': '{what}：{got} 字节，不够一个 IDX 文件头',
  'idx-magic': '{what}：IDX 魔数为 {got}，应为 {expected}',
  'idx-payload-length': '{what}：文件头声明有 {expected} 字节的数据（{shape}），文件里有 {got} 字节',
  'idx-payload-overflow': '{what}：文件头声明的数据超过 2^32 字节（{shape}），文件里有 {got} 字节',
  'one-image-to-hold-out': '1 张图像太少，无法留出十分之一用于测试：请提供 {min} 张或更多，或者提供测试集',
  'too-few-to-hold-out': '{count} 张图像太少，无法留出十分之一用于测试：请提供 {min} 张或更多，或者提供测试集',
  'idx-role-unknown':
    '{name}：无法从文件名判断是图像还是标签（文件名中应含有“images”/“idx3”或“labels”/“idx1”，如 train-images-idx3-ubyte.gz）',
  'idx-file-count': 'IDX 文件：请提供 1 到 4 个（图像、标签，以及用于测试的同样两个），得到 {got} 个',
  'idx-role-twice': '{other} 和 {name} 看起来都是{split}的{role}文件',
  'idx-labels-alone': '{name}：只有标签，没有它所标注的{split}图像文件',
  'idx-no-training-images': 'IDX 文件：没有训练图像文件（train-images-idx3-ubyte…）',
  'idx-labels-one-split': 'IDX 文件：请为训练集和测试集都提供标签，或者都不提供',

  // 数据集：图像文件和文件夹（src/images.rs、src/folder.rs）
  'not-an-image': '不是 PNG、JPEG 或 WebP 图像，或者是被截断的图像（{reason}）',
  'image-side': '{width}×{height} 像素的图像：每条边必须是 1 到 {max} 像素',
  'image-length': '{width}×{height} 的图像有 {expected} 个像素，得到 {got} 个',
  'image-rgba-length': '{width}×{height} 的图像有 {expected} 个 RGBA 字节，得到 {got} 个',
  'image-blank': '图像上没有墨迹（是空白的）',
  'image-resize-failed': '无法缩放图像：{reason}',
  'image-undecodable': '无法解码图像：{reason}',
  'sizes-not-pairs': 'sizes：应为成对的 [width, height]，得到 {got} 个数',
  'sizes-count': 'sizes：应为 1 到 {max} 张图像，得到 {got} 张',
  'sizes-overflow': 'sizes：像素太多，内存放不下',
  'rgba-length': 'rgba：{got} 字节，但各个尺寸加起来是 {expected} 字节',
  'folder-mixed-layout':
    '{folder} 中既有直接放在里面的图像，也有放在子文件夹里的图像：要么把每张图像放进以它的类别命名的子文件夹，要么不带标签，把所有图像直接放在文件夹里',
  'folder-single-class': '{folder} 只有一个类别（{class}）：标签需要两个或更多子文件夹；不需要标签时，请把图像直接放在文件夹里',
  'folder-too-many-classes': '{folder} 有 {got} 个类别（子文件夹）；标签最大为 255，所以最多 {max} 个',
  'folder-without-images': '{folder} 中没有图像（{extensions}）',
  'folder-too-many-images': '{folder} 中有 {got} 张图像；一个数据集最多 {max} 张',
  'folder-too-many-pixels': '这些图像总共超过 {max} 个像素',
  'file-too-large': '{length} 字节；单个文件最多 {max} 字节',
  'file-unreadable': '无法读取：{reason}',

  // 权重文件（src/weights.rs）
  'weights-empty': '文件是空的',
  'weights-magic': '不是 vae-wasm 权重文件（魔数不对）',
  'weights-truncated': '文件被截断了',
  'weights-truncated-in': '文件被截断了（在 {what} 处）',
  'weights-version': '格式版本 {version}，这个构建能读取的版本是 {oldest} 和 {newest}',
  'weights-checksum': '校验和不匹配：文件被截断或已损坏',
  'weights-config-unreadable': '无法读取记录的配置：{reason}',
  'weights-record-unreadable': '无法读取训练数据的记录：{reason}',
  'weights-record-too-large': '训练数据的记录太大（名称最多 {max_name} 个字符，最多 {max_classes} 个类别）',
  'tensor-path-not-utf8': '张量 {index}：路径不是 UTF-8',
  'tensor-rank': '张量 {path}：秩 {rank} 超出范围',
  'tensor-larger-than-file': '张量 {path}：形状 {shape} 比文件还大',
  'tensor-not-finite': '张量 {path} 在索引 {index} 处有一个非有限值（{value}）',
  'weights-trailing-bytes': '最后一个张量之后有 {count} 个多余的字节',
  'tensor-count': '文件中有 {got} 个张量，而种类为 {kind}、潜在维度为 {latent_dim} 的模型有 {expected} 个',
  'tensor-shape': '应为形状 {expected_shape} 的张量 {expected}，找到的是形状 {found_shape} 的 {found}',
  'weights-of-other-kind': '这个文件保存的是种类为 {holds} 的模型的张量，但它的文件头写的是 {claimed}',
  'weights-overflow': '这些权重使模型在普通输入上的输出溢出（不是有限值）',

  // 后端（src/backend.rs、src/session.rs、src/explain.rs、src/train.rs）
  'no-ndarray-backend': '这个构建没有 ndarray 后端（构建时没有启用 `ndarray` 特性）',
  'no-webgpu-backend': '这个构建没有 WebGPU 后端（构建时没有启用 `webgpu` 特性）',
  'webgpu-unavailable': 'WebGPU 不可用：{reason}',
  'tensor-read-failed': '读取张量失败：{reason}',
  'tensor-data-unexpected': '张量数据不符合预期：{reason}',
  'tensor-read-length': '读取张量得到 {got} 个值，应为 {expected} 个',
  'step-read-failed': '读取这个训练步的批次失败',
  'output-not-finite': '{what} 不是有限值：模型的权重在这个输入上溢出了',
  'noise-draw-failed': '采样 ε 失败：{reason}',
});
