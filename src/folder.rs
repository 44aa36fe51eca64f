//! A folder of images as a dataset, natively (the CLI's `vae train --data FOLDER`): PNG, JPEG
//! and WebP files decoded with the `image` crate; the page decodes files in the browser
//! instead. From the pixels on, both run [`crate::images`].
//!
//! Images directly in the folder and in its sub-folders (one level) are read, and labelled by
//! [`labels_from_paths`] from where each is.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::{ImageReader, Limits};

use crate::data::{MAX_FILE_BYTES, MAX_IMAGES};
use crate::dataset::Inputs;
use crate::error::{Result, VaeError, refusal};
use crate::images::{
    EXTENSIONS, Grey, MAX_SIDE, MAX_TOTAL_PIXELS, POLARITY_SAMPLE, Preprocessing, detect_polarity,
    header_size, labels_from_paths, polarity_sample_len, to_inputs,
};

/// What decoding one image may allocate: a 4096×4096 RGBA image with room to spare.
const MAX_DECODE_BYTES: u64 = 128 << 20;

/// A folder's images made into inputs, with each file's path relative to the folder.
#[derive(Debug)]
pub struct Folder {
    pub files: Vec<String>,
    /// The inputs, labelled by the index of their sub-folder when there are sub-folders.
    pub inputs: Inputs,
    /// The sub-folders' names, by label.
    pub label_names: Vec<String>,
    /// The choices used, the polarity detected when it was not given.
    pub preprocessing: Preprocessing,
}

fn is_image(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| {
            EXTENSIONS
                .iter()
                .any(|known| ext.eq_ignore_ascii_case(known))
        })
}

/// The entries of a folder, sorted by name: (sub-folders, image files).
fn entries(folder: &Path) -> Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let read = std::fs::read_dir(folder).map_err(|e| unreadable(folder, &e))?;
    let mut paths = read
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<std::io::Result<Vec<_>>>()
        .map_err(|e| unreadable(folder, &e))?;
    paths.sort();
    let (folders, files): (Vec<_>, Vec<_>) = paths.into_iter().partition(|path| path.is_dir());
    Ok((
        folders,
        files.into_iter().filter(|path| is_image(path)).collect(),
    ))
}

/// One image file as grey levels, refused from its header when a side exceeds [`MAX_SIDE`]
/// (as the page refuses it, with [`header_size`]); `pixels` counts the pixels read so far,
/// refused beyond [`MAX_TOTAL_PIXELS`]. Transparent pixels count as white paper.
pub fn read_image(path: &Path, pixels: &mut u64) -> Result<Grey> {
    let (bytes, (width, height)) = read_header(path)?;
    *pixels += (width * height) as u64;
    if *pixels > MAX_TOTAL_PIXELS {
        return Err(refusal!(
            Data,
            "folder-too-many-pixels",
            "the images hold more than {max} pixels in all",
            max = MAX_TOTAL_PIXELS,
        )
        .within(&path.display().to_string()));
    }
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| unreadable(path, &e))?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE as u32);
    limits.max_image_height = Some(MAX_SIDE as u32);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let image = reader
        .decode()
        .map_err(|e| {
            refusal!(Data, "image-undecodable", "{reason}", reason = e)
                .within(&path.display().to_string())
        })?
        .into_rgba8();
    // The decoder keeps to the header's size, which was checked.
    Grey::from_rgba(
        image.width() as usize,
        image.height() as usize,
        image.as_raw(),
    )
}

/// A file's bytes and the size its header states (checked), or why not, naming the file.
fn read_header(path: &Path) -> Result<(Vec<u8>, (usize, usize))> {
    let shown = path.display().to_string();
    let length = std::fs::metadata(path)
        .map_err(|e| unreadable(path, &e))?
        .len();
    if length > MAX_FILE_BYTES {
        return Err(refusal!(
            Data,
            "file-too-large",
            "{length} bytes; a file may hold at most {max}",
            length = length,
            max = MAX_FILE_BYTES,
        )
        .within(&shown));
    }
    let bytes = std::fs::read(path).map_err(|e| unreadable(path, &e))?;
    let size = header_size(&bytes).map_err(|e| e.within(&shown))?;
    Ok((bytes, size))
}

/// A file or folder the system would not read, within its path; `reason` is the system's.
fn unreadable(path: &Path, reason: &dyn std::fmt::Display) -> VaeError {
    refusal!(Data, "file-unreadable", "{reason}", reason = reason)
        .within(&path.display().to_string())
}

/// Reads every image of `folder` (see the module's docs), after checking how many there are
/// and how they are labelled, and makes each into an input as it goes (a folder of large
/// images is never all in memory): the polarity, unless given, is detected on the first
/// [`POLARITY_SAMPLE`] images, as the page does.
pub fn read_folder(folder: &Path, choice: &Preprocessing) -> Result<Folder> {
    let (subfolders, mut files) = entries(folder)?;
    for subfolder in &subfolders {
        files.extend(entries(subfolder)?.1);
    }
    let shown = folder.display().to_string();
    if files.is_empty() {
        return Err(refusal!(
            Data,
            "folder-without-images",
            "{folder} holds no images ({extensions})",
            folder = &shown,
            extensions = EXTENSIONS.join(", "),
        ));
    }
    if files.len() > MAX_IMAGES {
        return Err(refusal!(
            Data,
            "folder-too-many-images",
            "{folder} holds {got} images; a dataset holds at most {max}",
            folder = &shown,
            got = files.len(),
            max = MAX_IMAGES,
        ));
    }
    let relative: Vec<String> = files
        .iter()
        .map(|path| {
            let inside = path.strip_prefix(folder).unwrap_or(path);
            inside
                .components()
                .map(|part| part.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    let labelled = labels_from_paths(&relative, &shown)?;
    let mut read = 0u64;
    let sample = if choice.polarity.is_some() {
        1
    } else {
        let sizes = files
            .iter()
            .take(POLARITY_SAMPLE)
            .map(|file| read_header(file).map(|(_, size)| size))
            .collect::<Result<Vec<_>>>()?;
        polarity_sample_len(sizes)
    };
    let first = files[..sample]
        .iter()
        .map(|file| read_image(file, &mut read))
        .collect::<Result<Vec<_>>>()?;
    let preprocessing = Preprocessing {
        polarity: Some(choice.polarity.unwrap_or_else(|| detect_polarity(&first))),
        ..*choice
    };
    let (mut pixels, _) = to_inputs(&first, &relative[..first.len()], &preprocessing)?;
    for (file, name) in files.iter().zip(&relative).skip(first.len()) {
        let image = read_image(file, &mut read)?;
        let (input, _) = to_inputs(&[image], std::slice::from_ref(name), &preprocessing)?;
        pixels.extend(input);
    }
    Ok(Folder {
        files: relative,
        inputs: Inputs {
            pixels,
            labels: labelled.labels,
        },
        label_names: labelled.names,
        preprocessing,
    })
}
