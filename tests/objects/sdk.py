"""The official SDKs (boto3, azure-storage-blob) acting on the test servers,
so the tests seed and check object storage with code Cloudpick did not write.

    sdk.py s3|azblob ENDPOINT make BUCKET
    sdk.py s3|azblob ENDPOINT seed BUCKET FOLDER     upload FOLDER's tree under its own name
    sdk.py s3|azblob ENDPOINT get BUCKET KEY         the object's bytes on stdout
    sdk.py s3|azblob ENDPOINT keys BUCKET            every key, one per line
    sdk.py s3|azblob ENDPOINT public BUCKET          anyone may read its objects
    sdk.py s3 ENDPOINT uploads BUCKET                the keys of multipart uploads still open
"""
import os
import sys

AZURITE_ACCOUNT = "devstoreaccount1"
AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="


class S3:
    def __init__(self, endpoint):
        import boto3
        from botocore.config import Config

        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="cloudpick-test",
            aws_secret_access_key="cloudpick-test-secret",
            config=Config(s3={"addressing_style": "path"}),
        )

    def make(self, bucket):
        self.client.create_bucket(Bucket=bucket)

    def put(self, bucket, key, data):
        self.client.put_object(Bucket=bucket, Key=key, Body=data)

    def public(self, bucket):
        import json

        policy = {
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/*",
            }],
        }
        self.client.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))

    def get(self, bucket, key):
        return self.client.get_object(Bucket=bucket, Key=key)["Body"].read()

    def keys(self, bucket):
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return [o["Key"] for page in pages for o in page.get("Contents", [])]

    def uploads(self, bucket):
        return [u["Key"] for u in self.client.list_multipart_uploads(Bucket=bucket).get("Uploads", [])]


class Azure:
    def __init__(self, endpoint):
        from azure.storage.blob import BlobServiceClient

        # Azurite refuses API versions newer than it knows; this SDK's default is newer.
        self.service = BlobServiceClient(
            api_version="2023-11-03",
            account_url=endpoint,
            credential={"account_name": AZURITE_ACCOUNT, "account_key": AZURITE_KEY},
        )

    def make(self, bucket):
        self.service.create_container(bucket)

    def put(self, bucket, key, data):
        self.service.get_blob_client(bucket, key).upload_blob(data, overwrite=True)

    def public(self, bucket):
        self.service.get_container_client(bucket).set_container_access_policy(
            signed_identifiers={}, public_access="blob"
        )

    def get(self, bucket, key):
        return self.service.get_blob_client(bucket, key).download_blob().readall()

    def keys(self, bucket):
        return [b.name for b in self.service.get_container_client(bucket).list_blobs()]


def main(kind, endpoint, command, bucket, *rest):
    store = S3(endpoint) if kind == "s3" else Azure(endpoint)
    if command == "make":
        store.make(bucket)
    elif command == "public":
        store.public(bucket)
    elif command == "seed":
        (folder,) = rest
        base = os.path.dirname(os.path.abspath(folder))
        for root, _dirs, files in os.walk(folder):
            for name in files:
                path = os.path.join(root, name)
                with open(path, "rb") as f:
                    store.put(bucket, os.path.relpath(path, base).replace(os.sep, "/"), f.read())
    elif command == "get":
        (key,) = rest
        sys.stdout.buffer.write(store.get(bucket, key))
    elif command == "keys":
        print("\n".join(sorted(store.keys(bucket))))
    elif command == "uploads":
        print("\n".join(sorted(store.uploads(bucket))))
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main(*sys.argv[1:])
